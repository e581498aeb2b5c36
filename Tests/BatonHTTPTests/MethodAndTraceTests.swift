import BatonCore
import BatonTestSupport
import Foundation
import Testing

/// SPEC §14's contract details both dialects share: a known path asked with a wrong method is
/// 405 with `Allow`; every Explorer response carries a `Traceparent`.
@Suite struct MethodAndTraceTests {
    @Test func wrongMethodOnAKnownPathIs405WithAllow() async throws {
        let server = try await TestServer.start(workers: false, auth: true)
        let director = try await server.request("DELETE", "/api/workflows")
        #expect(director.status == 405)
        #expect(director.headers["allow"] == "GET, POST, HEAD, OPTIONS")
        #expect(director.body["error"] == "The method is not allowed for the requested URL.")
        #expect(try await server.request("GET", "/api/workflows/1/cancel").headers["allow"] == "POST, HEAD, OPTIONS")
        // The web page's event stream is a Director path too (found by schemathesis: it answered 404).
        let events = try await server.request("TRACE", "/api/events")
        #expect(events.status == 405)
        #expect(events.headers["allow"] == "GET, HEAD, OPTIONS")

        // Explorer: 405 comes before auth (the path's methods are no secret), in Explorer's envelope.
        for (method, path, allow) in [
            ("GET", "/connect", "POST"), ("POST", "/jobs", "GET"), ("GET", "/jobs/1/cancel", "PUT"),
            ("DELETE", "/workflows/1/jobs", "GET, POST"), ("PUT", "/jobs/1/tasks/t/sample_result", "GET"),
        ] {
            let reply = try await server.request(method, "/api-open/v1\(path)")
            #expect(reply.status == 405, "\(method) \(path)")
            #expect(reply.headers["allow"] == allow, "\(method) \(path)")
            #expect(reply.body["code"] == 40504000)
            #expect(reply.body["message"]?.stringValue?.hasPrefix("ErrMethodNotAllowed: ") == true)
        }
        let unknown = try await server.request("GET", "/api-open/v1/nothing")
        #expect(unknown.status == 404)
        #expect(unknown.body["code"] == 40404000)
        await server.stop()
    }

    @Test func everyExplorerResponseCarriesATraceparent() async throws {
        let server = try await TestServer.start(workers: false)
        let pattern = /00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}/
        var traces: Set<Substring> = []
        for (method, path) in [("GET", "/api-open/v1/jobs"), ("POST", "/api-open/v1/connect"), ("GET", "/api-open/v1/nothing")] {
            let reply = try await server.request(method, path)
            let header = try #require(reply.headers["traceparent"], "\(method) \(path)")
            let match = try #require(header.wholeMatch(of: pattern), "\(header)")
            traces.insert(match.output.split(separator: "-")[1])
        }
        #expect(traces.count == 3, "each request starts its own trace")
        // A caller's trace is continued: same trace id and flags, a new span id.
        let parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        let continued = try await server.request("GET", "/api-open/v1/jobs", headers: ["traceparent": parent])
        let header = try #require(continued.headers["traceparent"])
        #expect(header.hasPrefix("00-4bf92f3577b34da6a3ce929d0e0e4736-"))
        #expect(header.hasSuffix("-01"))
        #expect(!header.contains("00f067aa0ba902b7"))
        // A malformed one is not continued.
        let fresh = try await server.request("GET", "/api-open/v1/jobs", headers: ["traceparent": "00-zz-11-01"])
        #expect(fresh.headers["traceparent"]?.wholeMatch(of: pattern) != nil)
        await server.stop()
    }
}
