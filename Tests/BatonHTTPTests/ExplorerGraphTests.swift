@testable import Baton
import BatonCore
import BatonHTTP
import BatonStore
import BatonTestSupport
import Foundation
import Testing

/// The seeds' flow on `baton init`'s graph workflow (SPEC §6, §12): connect, add a job whose
/// `input` sets the query's `:name`, read the job, and `sample_result` the PageRank rows.
@Suite struct ExplorerGraphTests {
    /// A test home holding exactly what `baton init` writes, the players database included.
    static func initHome() async throws -> TestHome {
        let home = try await TestHome(
            workflows: HomeTemplate.workflows, tasks: HomeTemplate.tasks,
            settings: HomeTemplate.configuration, schemas: ["order": HomeTemplate.orderSchema])
        _ = try HomeTemplate.write(into: home.directory)
        return home
    }

    @Test func graphWorkflowThroughTheSeedsFlow() async throws {
        let server = try await TestServer.start(home: try await Self.initHome())
        try await server.addRoot()
        let token = try await server.token()

        let listed = try await server.explorer("GET", "/workflows", token: token)
        let players = try #require(listed.body["data"]?["items"]?.arrayValue?.first { $0["name"] == "graph.PLAYERS" })
        let workflowId = try #require(players["id"]?.stringValue)
        let pagerankParams = players["tasks"]?.arrayValue?.first { $0["key"] == "pagerank_1" }?["params"]
        #expect(pagerankParams == ["ITERATIONS": 10, "DAMPING": 0.85, "EPS": 0.0001, "IS_DIRECTED": true])

        let added = try await server.explorer(
            "POST", "/workflows/\(workflowId)/jobs", token: token,
            body: #"{"input": {"query_1": {"name": "Tim Duncan"}, "pagerank_1": {"iterations": 20}}}"#)
        #expect(added.status == 200, "\(added.body)")
        let jobId = try #require(added.body["data"]?["id"]?.intValue)

        var details = JSON.null
        try await eventually(timeout: .seconds(30)) {
            details = try await server.explorer("GET", "/jobs/\(jobId)", token: token).body["data"] ?? .null
            return details["status"] == .int(JobStatus.success.code) || details["status"] == .int(JobStatus.failed.code)
        }
        #expect(details["status"] == .int(JobStatus.success.code), "\(details)")
        let tasks = try #require(details["tasks"]?.arrayValue)
        #expect(tasks.map { $0["key"] } == ["query_1", "degree_1", "pagerank_1", "louvain_1"])
        let pagerank = try #require(tasks.first { $0["key"] == "pagerank_1" }?["id"]?.stringValue)

        let sample = try await server.explorer("GET", "/jobs/\(jobId)/tasks/\(pagerank)/sample_result?limit=100", token: token)
        let items = try #require(sample.body["data"]?["items"]?.arrayValue)
        #expect(items.count == 14)
        #expect(items.first?[0] == "player100")
        #expect(items.contains(["player110", "0.150000"]))
        #expect(items.allSatisfy { $0.arrayValue?.count == 2 && $0[1]?.stringValue?.split(separator: ".").last?.count == 6 })

        let query = try #require(tasks.first { $0["key"] == "query_1" }?["id"]?.stringValue)
        let edges = try await server.explorer("GET", "/jobs/\(jobId)/tasks/\(query)/sample_result?limit=2", token: token)
        #expect(edges.body["data"]?["items"] == [["player100", "player101", "95"], ["player100", "player125", "95"]])
        await server.stop()
    }

    @Test func badAlgorithmInputIsErrParamAndCreatesNoJob() async throws {
        let server = try await TestServer.start(home: try await Self.initHome(), workers: false)
        try await server.addRoot()
        let token = try await server.token()
        let workflowId = String(Identifiers.workflowId(fullName: "graph.PLAYERS"))
        for input in [
            #"{"pagerank_1": {"ITERATIONS": "many"}}"#, #"{"pagerank_1": {"damping": true}}"#,
            #"{"pagerank_1": {"ROOT": "player100"}}"#, #"{"louvain_1": {"is_directed": "sometimes"}}"#,
        ] {
            let reply = try await server.explorer(
                "POST", "/workflows/\(workflowId)/jobs", token: token, body: #"{"input": \#(input)}"#)
            #expect(reply.status == 400, "\(input)")
            #expect(reply.body["code"] == 40004001, "\(input)")
            #expect(reply.body["message"]?.stringValue?.hasPrefix("ErrParam") == true, "\(reply.body)")
        }
        #expect(try await server.home.store.jobList(JobQuery()).total == 0)
        await server.stop()
    }
}
