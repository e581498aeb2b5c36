import Testing
@testable import BatonHTTP

/// Which `traceparent` request headers Explorer continues, by W3C Trace Context §3.2
/// (https://www.w3.org/TR/trace-context/#traceparent-header).
@Suite struct TraceParentTests {
    private let trace = "4bf92f3577b34da6a3ce929d0e0e4736"
    private let span = "00f067aa0ba902b7"

    @Test func wellFormedHeadersAreRead() {
        #expect(TraceParent(header: "00-\(trace)-\(span)-01") == TraceParent(traceID: trace, spanID: span, flags: "01"))
        #expect(TraceParent(header: " 00-\(trace)-\(span)-00 ")?.flags == "00")
        // A later version is read by its first four fields; only the sampled flag is kept.
        #expect(TraceParent(header: "01-\(trace)-\(span)-03-more") == TraceParent(traceID: trace, spanID: span, flags: "01"))
        #expect(TraceParent(header: "cc-\(trace)-\(span)-00") == TraceParent(traceID: trace, spanID: span, flags: "00"))
    }

    @Test func malformedHeadersAreNot() {
        for header in [
            "00-zz-11-01", "", "00-\(trace)-\(span)", "00-\(trace)-\(span)-01-extra", "ff-\(trace)-\(span)-01",
            "00-\(trace.uppercased())-\(span)-01", "00-\(trace)-\(span.uppercased())-01", "0-\(trace)-\(span)-01",
            "00-00000000000000000000000000000000-\(span)-01", "00-\(trace)-0000000000000000-01", "00-\(trace)-\(span)-1g",
            "01-\(trace)-\(span)-01x",
        ] {
            #expect(TraceParent(header: header) == nil, "\(header)")
        }
    }
}
