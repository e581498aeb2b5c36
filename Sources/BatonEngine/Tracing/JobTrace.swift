import Foundation

/// A job's trace identity, derived from its UUID alone so that every process running one of
/// its tasks (serve, any worker, on any machine) names the same trace and the same job span
/// without storing or exchanging anything:
///
/// * trace id (16 bytes) = the job UUID's 16 bytes, in order (RFC 9562 byte order);
/// * job span id (8 bytes) = FNV-1a 64-bit hash of those 16 bytes, big-endian
///   (offset basis 0xcbf29ce484222325, prime 0x100000001b3; an all-zero result, which W3C
///   Trace Context forbids, becomes 1).
///
/// A UUID is never all zero in practice (version 4 sets version and variant bits), so the
/// trace id is a valid W3C trace id.
public struct JobTrace: Sendable, Hashable {
    /// The 16 bytes of the trace id.
    public let traceID: [UInt8]
    /// The 8 bytes of the job span's id.
    public let spanID: [UInt8]

    /// The ids of the job whose UUID is `job`; e.g. job `0f8fad5b-d9cb-469f-a165-70867728950e`
    /// is trace `0f8fad5bd9cb469fa16570867728950e`, job span `f85f93a533f654ec`.
    public init(job: UUID) {
        let bytes = withUnsafeBytes(of: job.uuid) { Array($0) }
        traceID = bytes
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        if hash == 0 { hash = 1 }
        spanID = (0..<8).map { UInt8(truncatingIfNeeded: hash >> (56 - 8 * UInt64($0))) }
    }

    /// The trace id as 32 lower-case hex digits.
    public var traceIDHex: String { Self.hex(traceID) }
    /// The job span id as 16 lower-case hex digits.
    public var spanIDHex: String { Self.hex(spanID) }

    /// The W3C `traceparent` (https://www.w3.org/TR/trace-context/#traceparent-header) naming
    /// the job span as parent: `00-<trace id>-<job span id>-<flags>`, flags `01` when the job is
    /// traced (its spans are exported), `00` when not.
    public func traceparent(sampled: Bool) -> String {
        "00-\(traceIDHex)-\(spanIDHex)-\(sampled ? "01" : "00")"
    }

    /// Lower-case hex, two digits a byte.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var text = ""
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return text
    }
}
