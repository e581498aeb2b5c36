import BatonCore
import BatonTestSupport
import Foundation
import Testing

/// SPEC §13 as each dialect shows it: fan-out instances are tasks keyed `step[i]`, a skipped
/// step is Director's `skipped` and Explorer's 2, and a sub-workflow's child is an ordinary job.
@Suite struct WorkflowLanguageAPITests {
    static func server() async throws -> TestServer {
        let home = try await TestHome(
            workflows: #"""
                lang.SHOW:
                  tasks:
                    - {id: list_1, shell: 'printf "a\nb\nc\n" > "$BATON_ROWS"; echo "{\"go\": false}" > "$BATON_RESULT"'}
                    - {id: load_1, needs: [list_1], foreach: {rows: list_1, concurrency: 2}, shell: 'true'}
                    - {id: maybe_1, needs: [list_1], when: {task: list_1, path: go, equals: true}, shell: 'true'}
                    - {id: child_1, needs: [load_1], workflow: lang.CHILD, payload: {from: "{{job.id}}"}}
                lang.CHILD:
                  tasks:
                    - {id: inner_1, shell: 'true'}
                """#)
        return try await TestServer.start(home: home)
    }

    @Test func directorShowsInstancesSkippedStepsAndTheChildJob() async throws {
        let server = try await Self.server()
        let created = try await server.request(
            "POST", "/api/workflows", body: #"{"project": "lang", "name": "SHOW", "payload": {}}"#)
        #expect(created.status == 201)
        let id = try #require(created.body["id"]?.stringValue)
        let job = try await server.waitForJob(id) { $0["status"] == "success" }
        let tasks = try #require(job["tasks"]?.arrayValue)
        let statuses = Dictionary(uniqueKeysWithValues: tasks.map { ($0["key"]!.stringValue!, $0["status"]!.stringValue!) })
        #expect(
            statuses == [
                "list_1": "success", "load_1": "success", "load_1[0]": "success", "load_1[1]": "success",
                "load_1[2]": "success", "maybe_1": "skipped", "child_1": "success",
            ])
        let child = tasks.first { $0["key"] == "child_1" }?["result"]
        let childId = try #require(child?["job"]?.stringValue)
        let childJob = try await server.request("GET", "/api/workflows/\(childId)")
        #expect(childJob.status == 200)
        #expect(childJob.body["fullname"] == "lang.CHILD")
        #expect(childJob.body["status"] == "success")
        #expect(childJob.body["payload"] == ["from": .string(id)])
        #expect(childJob.body["comment"] == .string("sub-workflow of \(id) step child_1"))
        let list = try await server.request("GET", "/api/workflows?per_page=10")
        #expect(list.body.arrayValue?.count == 2, "the child is an ordinary job in the list")
        await server.stop()
    }

    @Test func explorerShowsInstancesAndSkippedStepsAsSuccess() async throws {
        let server = try await Self.server()
        try await server.addRoot()
        let token = try await server.token()
        let workflowId = Identifiers.workflowId(fullName: "lang.SHOW")
        let created = try await server.explorer("POST", "/workflows/\(workflowId)/jobs", token: token, body: "{}")
        let number = try #require(created.body["data"]?["id"]?.intValue)
        var job = JSON.null
        try await eventually {
            job = try await server.explorer("GET", "/jobs/\(number)", token: token).body["data"] ?? .null
            return job["status"] == 2
        }
        let tasks = try #require(job["tasks"]?.arrayValue)
        let keys = Set(tasks.compactMap { $0["key"]?.stringValue })
        #expect(keys.isSuperset(of: ["load_1[0]", "load_1[1]", "load_1[2]", "maybe_1"]))
        #expect(tasks.allSatisfy { $0["status"] == 2 }, "skipped shows as Explorer's 2")
        await server.stop()
    }
}
