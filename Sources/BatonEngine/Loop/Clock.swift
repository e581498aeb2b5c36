import Foundation

/// Epoch milliseconds, injectable so tests can pin time.
public struct MillisClock: Sendable {
    private let read: @Sendable () -> Int64

    public init(_ read: @escaping @Sendable () -> Int64) { self.read = read }

    public static let system = MillisClock { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    public var now: Int64 { read() }
}
