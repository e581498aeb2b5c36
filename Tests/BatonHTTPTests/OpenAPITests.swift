import BatonCore
import Foundation
import Testing

/// SPEC §14: the OpenAPI documents of both dialects, served by the server as the repository
/// holds them (docs/openapi/), and naming every path the servers route with exactly the
/// methods they take. (Tests/contract/run_schemathesis.sh checks the shapes against a live
/// server.)
@Suite struct OpenAPITests {
    /// docs/openapi/, found from this file: the test runs from the package, whatever the cwd.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../docs/openapi").standardizedFileURL

    /// Every path the two dialects route (DirectorAPI.addRoutes, ExplorerAPI.addRoutes, and
    /// WebAPI's /api/events): a route added to the router belongs here and in its document
    /// (RouteTableTests checks the router's own table against the documents too).
    static let routed: [(document: String, path: String)] = [
        ("director.json", "/api/ping"), ("director.json", "/api/openapi.json"), ("director.json", "/api/workflows"),
        ("director.json", "/api/workflows/{id}"), ("director.json", "/api/workflows/{id}/relaunch"),
        ("director.json", "/api/workflows/{id}/cancel"), ("director.json", "/api/workflows/{id}/retry"),
        ("director.json", "/api/definitions"), ("director.json", "/api/events"),
        ("explorer.json", "/api-open/v1/connect"), ("explorer.json", "/api-open/v1/openapi.json"),
        ("explorer.json", "/api-open/v1/workflows"), ("explorer.json", "/api-open/v1/workflows/{workflow_id}/jobs"),
        ("explorer.json", "/api-open/v1/jobs"), ("explorer.json", "/api-open/v1/jobs/{job_id}"),
        ("explorer.json", "/api-open/v1/jobs/{job_id}/cancel"), ("explorer.json", "/api-open/v1/jobs/{job_id}/retry"),
        ("explorer.json", "/api-open/v1/jobs/{job_id}/tasks/{task_id}/sample_result"),
    ]

    @Test func bothDocumentsAreServedAsTheRepositoryHoldsThem() async throws {
        // Auth on: the documents need neither credentials nor a token.
        let server = try await TestServer.start(workers: false, auth: true)
        for (path, file) in [("/api/openapi.json", "director.json"), ("/api-open/v1/openapi.json", "explorer.json")] {
            let (status, headers, body) = try await RawHTTP.request(
                method: "GET", port: server.port, path: path, headers: [:], body: nil)
            #expect(status == 200, "\(path)")
            #expect(headers["content-type"] == "application/json", "\(path)")
            #expect(
                body == (try Data(contentsOf: Self.folder.appendingPathComponent(file))), "\(path) is not \(file) byte for byte")
            let document = try JSON.parse(body)
            #expect(document["openapi"] == "3.1.0", "\(path)")
        }
        await server.stop()
    }

    @Test func everyRoutedPathIsDocumentedWithTheMethodsItTakes() async throws {
        let server = try await TestServer.start(workers: false)
        var documented: [String: Set<String>] = [:]
        for file in ["director.json", "explorer.json"] {
            let document = try JSON.parse(Data(contentsOf: Self.folder.appendingPathComponent(file)))
            let paths = try #require(document["paths"]?.objectValue, "\(file) has no paths")
            for (path, item) in paths {
                documented[file + path] = Set(item.objectValue?.keys.map { $0.uppercased() } ?? [])
            }
        }
        for (file, path) in Self.routed {
            #expect(documented[file + path] != nil, "\(file) does not document \(path)")
        }
        #expect(documented.count == Self.routed.count, "a documented path no router takes: \(documented.keys.sorted())")

        // What the server answers for each documented path's methods: Director's OPTIONS lists
        // them (with HEAD and OPTIONS), Explorer's 405 for a method no path takes names them.
        for (key, methods) in documented {
            let path = key.replacing(/\{[a-z_]+\}/, with: "1").replacing(/^[a-z]+\.json/, with: "")
            if path.hasPrefix("/api-open/") {
                let reply = try await server.request("PATCH", path)
                #expect(reply.status == 405, "\(path)")
                #expect(
                    Set(reply.headers["allow"]?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? [])
                        == methods, "\(path)")
            } else {
                let reply = try await server.request("OPTIONS", path)
                #expect(
                    Set(reply.headers["allow"]?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? [])
                        == methods.union(["HEAD", "OPTIONS"]), "\(path)")
            }
        }
        await server.stop()
    }
}
