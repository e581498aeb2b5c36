import Foundation
import Hummingbird

/// A W3C Trace Context `traceparent` value (https://www.w3.org/TR/trace-context/):
/// `00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>`. Explorer's responses carry one, as
/// the seed's responses show, whether or not tracing is on (docs/explorer-api.md).
struct TraceParent: Equatable, CustomStringConvertible {
    /// The header's name (`HTTPField` itself is not re-exported by Hummingbird).
    static let header = HTTPFields.Element.Name("traceparent")!

    let traceID: String
    let spanID: String
    let flags: String

    /// The request's own `traceparent`, when it is well-formed by W3C Trace Context §3.2
    /// (https://www.w3.org/TR/trace-context/#traceparent-header): lower-case hex ids not all
    /// zero; version 00 with exactly four fields; a later version (not `ff`) read by its first
    /// four fields, anything after them behind a `-` (§3.2.4, versioning). Only the `sampled`
    /// flag is kept: the other bits are not defined by version 00, which is what we answer in.
    init?(header: String) {
        let text = header.trimmingCharacters(in: .whitespaces)
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, Self.isHex(parts[0], count: 2), parts[0] != "ff",
            parts[0] != "00" || parts.count == 4,
            Self.isHex(parts[1], count: 32), Self.isHex(parts[2], count: 16), Self.isHex(parts[3], count: 2),
            parts[1].contains(where: { $0 != "0" }), parts[2].contains(where: { $0 != "0" }),
            let flags = UInt8(parts[3], radix: 16)
        else { return nil }
        traceID = String(parts[1])
        spanID = String(parts[2])
        self.flags = flags & 1 == 1 ? "01" : "00"
    }

    init(traceID: String, spanID: String, flags: String) {
        self.traceID = traceID
        self.spanID = spanID
        self.flags = flags
    }

    /// This server's span for a request: the caller's trace continued when it sent one, else a
    /// new trace, sampled.
    static func forResponse(to request: Request) -> TraceParent {
        let span = randomHex(bytes: 8)
        if let header = request.headers[header], let parent = TraceParent(header: header) {
            return TraceParent(traceID: parent.traceID, spanID: span, flags: parent.flags)
        }
        return TraceParent(traceID: randomHex(bytes: 16), spanID: span, flags: "01")
    }

    var description: String { "00-\(traceID)-\(spanID)-\(flags)" }

    /// `count` lower-case hex digits (W3C's HEXDIGLC: upper case makes the header invalid).
    private static func isHex(_ text: Substring, count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    private static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        var text = ""
        for _ in 0..<bytes {
            let byte = UInt8.random(in: 0...255, using: &generator)
            text += String(byte >> 4, radix: 16) + String(byte & 0xF, radix: 16)
        }
        // All zeros is invalid; at 2^-64 odds, take the next value.
        return text.contains { $0 != "0" } ? text : randomHex(bytes: bytes)
    }
}
