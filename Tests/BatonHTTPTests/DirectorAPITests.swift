import BatonCore
import BatonStore
import BatonTestSupport
import Foundation
import Testing

private let notFound: JSON = [
    "error":
        "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again."
]

/// Director's own API test cases (tests/test_api.py) and SPEC §5's edge cases, over real HTTP.
@Suite struct DirectorAPITests {
    @Test func ping() async throws {
        let server = try await TestServer.start()
        let reply = try await server.request("GET", "/api/ping")
        #expect(reply.status == 200)
        #expect(reply.body == ["message": "pong"])
        #expect(reply.headers["content-type"] == "application/json")
        await server.stop()
    }

    @Test func postWithoutPayloadWithPayloadAndWithComment() async throws {
        let server = try await TestServer.start(workers: false)
        let missing = try await server.request("POST", "/api/workflows", body: #"{"project": "bench", "name": "SINGLE"}"#)
        #expect(missing.status == 400)
        #expect(missing.body == ["error": "Error validating against schema", "errors": ["'payload' is a required property"]])

        let created = try await server.request(
            "POST", "/api/workflows", body: #"{"project": "bench", "name": "SINGLE", "payload": {"foo": "bar"}}"#)
        #expect(created.status == 201)
        #expect(
            stripped(created.body) == [
                "id": "*", "created": "*", "updated": "*", "fullname": "bench.SINGLE", "name": "SINGLE", "project": "bench",
                "payload": ["foo": "bar"], "periodic": false, "status": "pending",
            ])
        let commented = try await server.request(
            "POST", "/api/workflows", body: #"{"project": "bench", "name": "SINGLE", "payload": {}, "comment": "nightly"}"#)
        #expect(commented.status == 201)
        #expect(commented.body["comment"] == "nightly")
        await server.stop()
    }

    @Test func requiredAndUnexpectedPropertiesAndTypes() async throws {
        let server = try await TestServer.start(workers: false)
        let reply = try await server.request(
            "POST", "/api/workflows", body: #"{"name": 1, "payload": [], "foo": 1, "bar": null}"#)
        #expect(reply.status == 400)
        #expect(
            reply.body == [
                "error": "Error validating against schema",
                "errors": [
                    "'project' is a required property",
                    "Additional properties are not allowed ('bar', 'foo' were unexpected)",
                    "1 is not of type 'string'",
                    "[] is not of type 'object'",
                ],
            ])
        for (body, message) in [
            ("[]", "[] is not of type 'object'"), ("null", "None is not of type 'object'"),
            ("\"x\"", "'x' is not of type 'object'"),
        ] {
            let reply = try await server.request("POST", "/api/workflows", body: body)
            #expect(reply.status == 400)
            #expect(reply.body == ["error": "Error validating against schema", "errors": [.string(message)]])
        }
        let comment = try await server.request(
            "POST", "/api/workflows", body: #"{"project": "bench", "name": "SINGLE", "payload": {}, "comment": true}"#)
        #expect(comment.body["errors"] == ["True is not of type 'string'"])
        await server.stop()
    }

    @Test func workflowNotFoundAndPayloadSchema() async throws {
        let server = try await TestServer.start(workers: false)
        let unknown = try await server.request(
            "POST", "/api/workflows", body: #"{"project": "bench", "name": "NOPE", "payload": {}}"#)
        #expect(unknown.status == 404)
        #expect(unknown.body == ["error": "Workflow bench.NOPE not found"])
        let invalid = try await server.request(
            "POST", "/api/workflows", body: #"{"project": "bench", "name": "SCHEMA", "payload": {"user": "john"}}"#)
        #expect(invalid.status == 400)
        #expect(invalid.body == ["error": "Payload is not valid", "errors": ["'john' is not of type 'integer'"]])
        let missing = try await server.request(
            "POST", "/api/workflows", body: #"{"project": "bench", "name": "SCHEMA", "payload": {}}"#)
        #expect(missing.body == ["error": "Payload is not valid", "errors": ["'user' is a required property"]])
        let valid = try await server.request(
            "POST", "/api/workflows", body: #"{"project": "bench", "name": "SCHEMA", "payload": {"user": 1234}}"#)
        #expect(valid.status == 201)
        let list = try await server.request("GET", "/api/workflows")
        #expect(list.body.arrayValue?.count == 1, "rejected requests stored nothing")
        await server.stop()
    }

    @Test func relaunchKeepsPayloadCommentAndTaskKeys() async throws {
        let server = try await TestServer.start()
        let first = try await server.request(
            "POST", "/api/workflows", body: #"{"project": "bench", "name": "CHAIN", "payload": {"n": 1}, "comment": "first"}"#)
        let id = first.body["id"]!.stringValue!
        let done = try await server.waitForJob(id) { $0["status"] == "success" }
        let again = try await server.request("POST", "/api/workflows/\(id)/relaunch")
        #expect(again.status == 201)
        #expect(again.body["id"] != first.body["id"])
        #expect(again.body["payload"] == ["n": 1])
        #expect(again.body["comment"] == "first")
        let relaunched = try await server.waitForJob(again.body["id"]!.stringValue!) { $0["status"] == "success" }
        #expect(relaunched["tasks"]?.arrayValue?.map { $0["key"]! } == done["tasks"]?.arrayValue?.map { $0["key"]! })
        #expect(
            try await server.request("POST", "/api/workflows/not-a-uuid/relaunch").body == [
                "error": "Workflow not-a-uuid not found"
            ])
        await server.stop()
    }

    @Test func chainRunsToSuccessAndReadsBackWholly() async throws {
        let server = try await TestServer.start()
        let created = try await server.request(
            "POST", "/api/workflows", body: #"{"project": "bench", "name": "CHAIN", "payload": {}}"#)
        let job = try await server.waitForJob(created.body["id"]!.stringValue!) { $0["status"] == "success" }
        let task: (String, Int, JSON) -> JSON = { key, previous, result in
            [
                "id": "*", "task": "*", "created": "*", "updated": "*", "key": .string(key), "status": "success",
                "previous": .int(previous), "result": result, "is_hook": false,
            ]
        }
        #expect(
            stripped(job) == [
                "id": "*", "created": "*", "updated": "*", "fullname": "bench.CHAIN", "name": "CHAIN", "project": "bench",
                "payload": [:], "periodic": false, "status": "success",
                "tasks": [task("A", 0, "a"), task("B", 1, "b"), task("C", 1, "c")],
            ])
        let tasks = job["tasks"]!.arrayValue!
        #expect(tasks[1]["previous"] == [tasks[0]["id"]!])
        #expect(tasks[0]["task"] == tasks[0]["id"])
        await server.stop()
    }

    @Test func groupErrorAndHooks() async throws {
        let server = try await TestServer.start()
        func run(_ name: String) async throws -> JSON {
            let created = try await server.request(
                "POST", "/api/workflows", body: #"{"project": "bench", "name": "\#(name)", "payload": {}}"#)
            return try await server.waitForJob(created.body["id"]!.stringValue!) { job in
                let tasks = job["tasks"]?.arrayValue ?? []
                return job["status"] != "pending" && job["status"] != "progress"
                    && !tasks.contains { $0["status"] == "pending" || $0["status"] == "progress" }
                    && (job["status"] != "error" || name != "HOOKS_ERROR" || tasks.contains { $0["key"] == "C" })
            }
        }
        let summary: (JSON) -> [String] = { job in
            (job["tasks"]?.arrayValue ?? []).map {
                "\($0["key"]!.stringValue!):\($0["status"]!.stringValue!)\($0["is_hook"] == true ? ":hook" : "")"
            }
        }
        let group = try await run("GROUP")
        #expect(group["status"] == "success")
        #expect(summary(group) == ["A:success", "B:success", "C:success"])
        #expect(group["tasks"]?[2]?["previous"] == [group["tasks"]![0]!["id"]!])

        let error = try await run("ERROR")
        #expect(error["status"] == "error")
        #expect(summary(error) == ["A:success", "ERR:error"])
        #expect(error["tasks"]?[1]?["result"] == ["exception": "exit status 3", "traceback": "something broke"])

        let hooks = try await run("HOOKS")
        #expect(hooks["status"] == "success")
        #expect(summary(hooks) == ["A:success", "B:success:hook"])
        #expect(hooks["tasks"]?[1]?["previous"] == [])

        let hooksError = try await run("HOOKS_ERROR")
        #expect(hooksError["status"] == "error")
        #expect(summary(hooksError) == ["A:success", "ERR:error", "B:canceled:hook", "C:success:hook"])
        await server.stop()
    }

    @Test func cancelRunningJobAndEndedJob() async throws {
        let server = try await TestServer.start()
        let created = try await server.request(
            "POST", "/api/workflows", body: #"{"project": "bench", "name": "SLEEP", "payload": {}}"#)
        let id = created.body["id"]!.stringValue!
        _ = try await server.waitForJob(id) { $0["tasks"]?[0]?["status"] == "progress" }
        let canceled = try await server.request("POST", "/api/workflows/\(id)/cancel")
        #expect(canceled.status == 201)
        #expect(canceled.body["status"] == "canceled")
        let ended = try await server.waitForJob(id) { $0["tasks"]?[0]?["status"] == "canceled" }
        #expect(ended["status"] == "canceled")
        let number = try await server.home.store.jobGet(uuid: UUID(uuidString: id)!)!.status
        #expect(number == .interrupted)
        // Cancelling a finished job changes nothing.
        let single = try await server.request(
            "POST", "/api/workflows", body: #"{"project": "bench", "name": "SINGLE", "payload": {}}"#)
        let singleId = single.body["id"]!.stringValue!
        _ = try await server.waitForJob(singleId) { $0["status"] == "success" }
        let again = try await server.request("POST", "/api/workflows/\(singleId)/cancel")
        #expect(again.status == 201)
        #expect(again.body["status"] == "success")
        await server.stop()
    }

    @Test func listPagingAndPayloadFlag() async throws {
        let server = try await TestServer.start(workers: false)
        for index in 0..<3 {
            _ = try await server.request(
                "POST", "/api/workflows", body: #"{"project": "bench", "name": "SINGLE", "payload": {"i": \#(index)}}"#)
        }
        let all = try await server.request("GET", "/api/workflows")
        #expect(all.body.arrayValue?.map { $0["payload"]!["i"]! } == [2, 1, 0], "newest first")
        #expect(
            try await server.request("GET", "/api/workflows?per_page=2&page=2").body.arrayValue?.map { $0["payload"]!["i"]! } == [
                0
            ])
        #expect(try await server.request("GET", "/api/workflows?per_page=2&page=3").body == notFound)
        #expect(try await server.request("GET", "/api/workflows?page=0").status == 404)
        #expect(try await server.request("GET", "/api/workflows?per_page=-1").status == 404)
        #expect(try await server.request("GET", "/api/workflows?per_page=0").body == [])
        #expect(try await server.request("GET", "/api/workflows?per_page=0&page=2").status == 404)
        #expect(try await server.request("GET", "/api/workflows?per_page=abc&page=xyz").body.arrayValue?.count == 3)
        for (flag, hasPayload) in [
            ("false", false), ("F", false), ("no", false), ("Off", false), ("0", false), ("n", false),
            ("true", true), ("Yes", true), ("1", true), ("banana", true),
        ] {
            let reply = try await server.request("GET", "/api/workflows?with_payload=\(flag)")
            #expect((reply.body[0]?["payload"] != nil) == hasPayload, "\(flag)")
        }
        await server.stop()
    }

    @Test func edgeCasesNeverFiveHundred() async throws {
        let server = try await TestServer.start(workers: false)
        #expect(try await server.request("GET", "/api/workflows/not-a-uuid").body == ["error": "Workflow not-a-uuid not found"])
        let unknown = UUID().uuidString.lowercased()
        let missing = try await server.request("GET", "/api/workflows/\(unknown)")
        #expect(missing.status == 404)
        #expect(missing.body == ["error": .string("Workflow \(unknown) not found")])
        #expect(try await server.request("POST", "/api/workflows/\(unknown)/cancel").status == 404)
        #expect(try await server.request("GET", "/api/nope").body == notFound)
        #expect(try await server.request("GET", "/api/workflows/x/y/z").status == 404)
        let wrong = try await server.request("DELETE", "/api/ping")
        #expect(wrong.status == 405)
        #expect(wrong.body == ["error": "The method is not allowed for the requested URL."])
        #expect(try await server.request("GET", "/api/workflows/\(unknown)/cancel").status == 405)
        #expect(try await server.request("PUT", "/api/workflows").status == 405)

        let malformed = try await server.request("POST", "/api/workflows", body: "{\"project\": ")
        #expect(malformed.status == 400)
        #expect(malformed.body == ["error": "The browser (or proxy) sent a request that this server could not understand."])
        let plain = try await server.request("POST", "/api/workflows", body: "{}", contentType: "text/plain")
        #expect(plain.status == 415)
        #expect(
            plain.body == [
                "error": "Did not attempt to load JSON data because the request Content-Type was not 'application/json'."
            ])
        let huge = try await server.request(
            "POST", "/api/workflows", body: #"{"project": "\#(String(repeating: "x", count: 4096))"}"#)
        #expect(huge.status == 413)
        #expect(try await server.request("GET", "/api/workflows").body == [], "nothing stored")
        await server.stop()
    }

    @Test func definitionsAsWritten() async throws {
        let server = try await TestServer.start(workers: false)
        let reply = try await server.request("GET", "/api/definitions")
        let definitions = try #require(reply.body.arrayValue)
        #expect(
            definitions.map { $0["fullname"]! } == [
                "bench.CHAIN", "bench.ERROR", "bench.GROUP", "bench.HOOKS", "bench.HOOKS_ERROR", "bench.SCHEMA", "bench.SINGLE",
                "bench.SLEEP", "graph.PARAMS",
            ])
        #expect(
            definitions[2] == [
                "fullname": "bench.GROUP", "project": "bench", "name": "GROUP",
                "tasks": ["A", ["GROUP_BC": ["type": "group", "tasks": ["B", "C"]]]],
            ])
        #expect(definitions[3]["hooks"] == ["success": "B", "failure": "C"])
        #expect(
            definitions[5]["schema"] == ["type": "object", "properties": ["user": ["type": "integer"]], "required": ["user"]])
        await server.stop()
    }
}

@Suite struct DirectorExtensionTests {
    @Test func idempotencyKeyGivesOneJob() async throws {
        let server = try await TestServer.start(workers: false)
        let body = #"{"project": "bench", "name": "SINGLE", "payload": {}}"#
        let first = try await server.request("POST", "/api/workflows", body: body, headers: ["Idempotency-Key": "k-1"])
        let second = try await server.request("POST", "/api/workflows", body: body, headers: ["Idempotency-Key": "k-1"])
        #expect(first.status == 201)
        #expect(second.status == 201)
        #expect(first.body["id"] == second.body["id"])
        #expect(try await server.request("GET", "/api/workflows").body.arrayValue?.count == 1)
        await server.stop()
    }

    @Test func retryFromFailure() async throws {
        let server = try await TestServer.start()
        let created = try await server.request(
            "POST", "/api/workflows", body: #"{"project": "bench", "name": "ERROR", "payload": {"x": 1}}"#)
        let id = created.body["id"]!.stringValue!
        _ = try await server.waitForJob(id) { $0["status"] == "error" }
        let retry = try await server.request("POST", "/api/workflows/\(id)/retry")
        #expect(retry.status == 201)
        #expect(retry.body["payload"] == ["x": 1])
        let again = try await server.waitForJob(retry.body["id"]!.stringValue!) { $0["status"] == "error" }
        #expect(again["tasks"]?[0]?["status"] == "success")
        #expect(again["tasks"]?[0]?["result"] == "a")
        let refused = try await server.request(
            "POST", "/api/workflows/\(id)/retry".replacingOccurrences(of: id, with: UUID().uuidString))
        #expect(refused.status == 404)
        await server.stop()
    }
}
