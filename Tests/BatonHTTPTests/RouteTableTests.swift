import BatonCore
@testable import BatonHTTP
import BatonTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Testing

/// The router's own table of routes (BatonRouter), against the OpenAPI documents and against
/// requests: what the 405s and `Allow` headers are made from.
@Suite struct RouteTableTests {
    @Test func everyDialectRouteIsDocumentedWithTheMethodsItTakes() async throws {
        let home = try await TestServer.home()
        let service = home.service()
        let table = try await BatonServer.routes(
            service: service, feed: ChangeFeed(service: service), settings: ServerSettings(),
            logger: Logger(label: "test")
        ).build().routes
        var routed: [String: Set<String>] = [:]
        for route in table.routes {
            let path = route.path.description
            let file = path.hasPrefix("/api-open/v1/") ? "explorer.json" : path.hasPrefix("/api/") ? "director.json" : nil
            // HEAD is not in the documents: Director answers it wherever it answers GET.
            if let file { routed[file + path] = Set(route.methods.filter { $0 != .head }.map(\.rawValue)) }
        }
        var documented: [String: Set<String>] = [:]
        for file in ["director.json", "explorer.json"] {
            let document = try JSON.parse(Data(contentsOf: OpenAPITests.folder.appendingPathComponent(file)))
            for (path, item) in try #require(document["paths"]?.objectValue) {
                documented[file + path] = Set(item.objectValue?.keys.map { $0.uppercased() } ?? [])
            }
        }
        #expect(routed == documented)
    }

    @Test func aPathMatchesItsRouteSegmentBySegment() {
        var table = RouteTable()
        table.add("/api/workflows/:id/cancel", .post)
        table.add("/api/workflows/:id", .get)
        table.add("/api/workflows/:id", .head)
        table.add("/ui/**", .get)
        #expect(table.methods(for: "/api/workflows/1/cancel") == [.post])
        #expect(table.methods(for: "/api/workflows/1") == [.get, .head])
        #expect(table.methods(for: "/ui/jobs/1/tasks/a/log") == [.get])
        // The router skips empty segments; the table, like Baton's APIs, does not.
        #expect(table.methods(for: "/api/workflows//cancel") == nil)
        #expect(table.methods(for: "/api/workflows/1/") == nil)
        #expect(table.methods(for: "/api/workflows") == nil)
        #expect(table.methods(for: "/ui") == nil)
        #expect(Unrouted.isExact("/") && Unrouted.isExact("/api/ping"))
        #expect(
            !Unrouted.isExact("//") && !Unrouted.isExact("/api/") && !Unrouted.isExact("/api//ping") && !Unrouted.isExact("api"))
    }
}
