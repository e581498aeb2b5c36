import Foundation

/// Runs `body` until one of `signals` arrives, then cancels it and waits for it to wind down.
enum SignalScope {
    static func run(until signals: [Int32], _ body: @escaping @Sendable () async throws -> Void) async throws {
        let work = Task { try await body() }
        let sources = signals.map { number -> DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { work.cancel() }
            source.resume()
            return source
        }
        defer { sources.forEach { $0.cancel() } }
        try await work.value
    }
}
