import BatonCore
import BatonEngine
import BatonHTTP
import BatonStore
import BatonTestSupport
import Foundation
import Testing

private func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

extension TestServer {
    /// A user `root` with password `123`, as in the seed documents.
    func addRoot() async throws {
        _ = try await home.store.userInsert(name: "root", passwordHash: Passwords.hash("123"), now: 0)
    }

    func connect(
        _ account: String = #"["root", "123"]"#, body: String = #"{"address": "192.168.8.111", "port": 9669}"#
    ) async throws -> Reply {
        try await request("POST", "/api-open/v1/connect", body: body, headers: ["Authorization": "Bearer \(base64(account))"])
    }

    /// Connects and returns the token from the cookie.
    func token() async throws -> String {
        let reply = try await connect()
        let cookie = try #require(reply.headers["set-cookie"])
        return String(cookie.split(separator: ";")[0].dropFirst("explorer_token=".count))
    }

    func explorer(_ method: String, _ path: String, token: String, body: String? = nil) async throws -> Reply {
        try await request(method, "/api-open/v1\(path)", body: body, headers: ["Cookie": "explorer_token=\(token)"])
    }

    var paramsWorkflowId: String { String(Identifiers.workflowId(fullName: "graph.PARAMS")) }
}

private func error(_ code: Int, _ name: String) -> (JSON) -> Bool {
    { body in body["code"] == .int(code) && body["message"]?.stringValue?.hasPrefix(name + ": ") == true }
}

@Suite struct ExplorerAPITests {
    @Test func connectWithBothSeedFormatsSetsTheCookie() async throws {
        let server = try await TestServer.start(workers: false)
        try await server.addRoot()
        for account in [#"["root", "123"]"#, "root:123"] {
            let reply = try await server.connect(account)
            #expect(reply.status == 200)
            #expect(reply.body == ["code": 0, "message": "Success", "data": ["success": true]])
            let cookie = try #require(reply.headers["set-cookie"])
            #expect(cookie.hasPrefix("explorer_token=ey"))
            #expect(cookie.hasSuffix("; Path=/; Max-Age=259200; HttpOnly"))
        }
        await server.stop()
    }

    @Test func connectErrors() async throws {
        let server = try await TestServer.start(workers: false)
        try await server.addRoot()
        let wrong = try await server.connect("root:nope")
        #expect(wrong.status == 401)
        #expect(error(40104000, "ErrUnauthorized")(wrong.body))
        #expect(try await server.connect("ghost:123").status == 401)
        let malformed = try await server.request(
            "POST", "/api-open/v1/connect", body: #"{"address": "a", "port": 1}"#,
            headers: ["Authorization": "Bearer %%%not-base64"])
        #expect(error(40104000, "ErrUnauthorized")(malformed.body))
        let none = try await server.request("POST", "/api-open/v1/connect", body: #"{"address": "a", "port": 1}"#)
        #expect(none.status == 401)
        // 9669.0 is an integer as JSON Schema (and the OpenAPI document) counts them; 9669.5 is not.
        #expect(try await server.connect(body: #"{"address": "a", "port": 9669.0}"#).status == 200)
        for body in [
            #"{"port": 9669}"#, #"{"address": "a"}"#, #"{"address": "a", "port": 0}"#, #"{"address": "a", "port": 70000}"#,
            #"{"address": "a", "port": "9669"}"#, #"{"address": "a", "port": 9669.5}"#,
        ] {
            let reply = try await server.connect(body: body)
            #expect(reply.status == 400, "\(body)")
            #expect(error(40004001, "ErrParam")(reply.body), "\(body)")
        }
        let broken = try await server.connect(body: "{")
        #expect(error(40004000, "ErrBadRequest")(broken.body))
        await server.stop()
    }

    @Test func everyEndpointNeedsAValidToken() async throws {
        // Tokens live 3 s here: long enough for the checks below on a loaded machine.
        let server = try await TestServer.start(workers: false, tokenMaxAge: 3)
        try await server.addRoot()
        for path in ["/jobs", "/workflows", "/jobs/1", "/workflows/\(server.paramsWorkflowId)/jobs"] {
            let reply = try await server.request("GET", "/api-open/v1\(path)")
            #expect(reply.status == 401, "\(path)")
            #expect(error(40104000, "ErrUnauthorized")(reply.body))
        }
        #expect(try await server.request("PUT", "/api-open/v1/jobs/1/cancel").status == 401)
        #expect(try await server.explorer("GET", "/jobs", token: "not.a.token").status == 401)
        let token = try await server.token()
        // A token is accepted from the cookie, an explorer_token header and Authorization: Bearer.
        #expect(try await server.explorer("GET", "/jobs", token: token).status == 200)
        #expect(try await server.request("GET", "/api-open/v1/jobs", headers: ["explorer_token": token]).status == 200)
        #expect(try await server.request("GET", "/api-open/v1/jobs", headers: ["Authorization": "Bearer \(token)"]).status == 200)
        // The token lives tokenMaxAge (here 3 s).
        try await eventually {
            try await server.explorer("GET", "/jobs", token: token).status == 401
        }
        // A signed token of another secret is refused too.
        let forged = try await TokenService(secret: Data(repeating: 7, count: 32), maxAge: 60)
            .sign(
                session: SessionRecord(id: "x", user: 1, address: "a", port: 1, created: 0, expires: Int64.max / 2), user: "root")
        #expect(error(40104000, "ErrUnauthorized")(try await server.explorer("GET", "/jobs", token: forged).body))
        await server.stop()
    }

    @Test func tokensStayValidAcrossRestarts() async throws {
        let home = try await TestServer.home()
        let first = try await TestServer.start(home: home, workers: false)
        try await first.addRoot()
        let token = try await first.token()
        await first.stop()
        let second = try await TestServer.start(home: home, workers: false)
        #expect(try await second.explorer("GET", "/jobs", token: token).status == 200)
        await second.stop()
    }

    @Test func deletedUsersTokenGivesErrSession() async throws {
        let server = try await TestServer.start(workers: false)
        try await server.addRoot()
        let token = try await server.token()
        #expect(try await server.home.store.userDelete(name: "root"))
        let reply = try await server.explorer("GET", "/jobs", token: token)
        #expect(reply.status == 401)
        #expect(error(40104001, "ErrSession")(reply.body))
        await server.stop()
    }

    @Test func addJobWithInputRunsAndReadsBack() async throws {
        let server = try await TestServer.start()
        try await server.addRoot()
        let token = try await server.token()
        let marker = server.home.path("pwned")
        let hostile = "Tim Duncan\"; touch \(marker); $(touch \(marker))"
        let input = JSON.object(["input": ["query_1": ["name": .string(hostile)]]]).jsonText
        let created = try await server.explorer("POST", "/workflows/\(server.paramsWorkflowId)/jobs", token: token, body: input)
        #expect(created.body == ["code": 0, "message": "Success", "data": ["id": 1]])
        var job = JSON.null
        try await eventually {
            job = try await server.explorer("GET", "/jobs/1", token: token).body["data"] ?? .null
            return job["status"] == 2
        }
        #expect(try String(contentsOfFile: server.home.path("name.txt"), encoding: .utf8) == hostile)
        #expect(!FileManager.default.fileExists(atPath: marker))
        #expect(job["workflowId"] == .string(server.paramsWorkflowId))
        #expect(job["workflowName"] == "graph.PARAMS")
        #expect(job["name"]?.stringValue?.hasPrefix("graph.PARAMS_20") == true)
        #expect(job["name"]?.stringValue?.count == "graph.PARAMS_".count + 14)
        #expect((job["runBeginTime"]?.intValue ?? 0) >= (job["createTime"]?.intValue ?? .max))
        #expect((job["runEndTime"]?.intValue ?? 0) >= (job["runBeginTime"]?.intValue ?? .max))
        let tasks = try #require(job["tasks"]?.arrayValue)
        #expect(tasks.map { $0["key"]! } == ["query_1", "rows_1"])
        #expect(tasks.map { $0["name"]! } == ["Query", "rows_1"])
        #expect(tasks.allSatisfy { $0["id"]?.stringValue?.count == 32 && $0["status"] == 2 })
        #expect(tasks[0]["runBeginTime"]?.stringValue?.hasSuffix("Z") == true)

        let rowsTask = tasks[1]["id"]!.stringValue!
        let sample = try await server.explorer("GET", "/jobs/1/tasks/\(rowsTask)/sample_result", token: token)
        #expect(sample.body["data"] == ["items": [["a", "1"], ["b", "2"], ["c", "3"]]])
        let limited = try await server.explorer("GET", "/jobs/1/tasks/\(rowsTask)/sample_result?limit=2", token: token)
        #expect(limited.body["data"] == ["items": [["a", "1"], ["b", "2"]]])
        for bad in ["0", "10001", "x"] {
            #expect(
                error(40004001, "ErrParam")(
                    try await server.explorer("GET", "/jobs/1/tasks/\(rowsTask)/sample_result?limit=\(bad)", token: token).body))
        }
        #expect(
            error(40404000, "ErrNotFound")(
                try await server.explorer("GET", "/jobs/1/tasks/\(String(repeating: "0", count: 32))/sample_result", token: token)
                    .body))
        await server.stop()
    }

    @Test func idempotencyKeyAndRetry() async throws {
        let server = try await TestServer.start()
        try await server.addRoot()
        let token = try await server.token()
        let path = "/api-open/v1/workflows/\(String(Identifiers.workflowId(fullName: "bench.ERROR")))/jobs"
        let headers = ["Cookie": "explorer_token=\(token)", "Idempotency-Key": "same"]
        let first = try await server.request("POST", path, body: "{}", headers: headers)
        let second = try await server.request("POST", path, body: "{}", headers: headers)
        #expect(first.body["data"] == ["id": 1])
        #expect(second.body["data"] == ["id": 1])
        try await eventually { try await server.explorer("GET", "/jobs/1", token: token).body["data"]?["status"] == 3 }
        #expect(try await server.explorer("POST", "/jobs/1/retry", token: token).body["data"] == ["id": 2])
        let single = try await server.home.service().start(workflow: "bench.SINGLE", payload: [:])
        try await eventually {
            try await server.explorer("GET", "/jobs/\(single.number)", token: token).body["data"]?["status"] == 2
        }
        #expect(
            error(40004001, "ErrParam")(try await server.explorer("POST", "/jobs/\(single.number)/retry", token: token).body),
            "a job that succeeded has nothing to retry")
        await server.stop()
    }

    @Test func badInputCreatesNoJob() async throws {
        let server = try await TestServer.start(workers: false)
        try await server.addRoot()
        let token = try await server.token()
        let path = "/workflows/\(server.paramsWorkflowId)/jobs"
        for body in [
            #"{"input": {"nope": {"name": "x"}}}"#, #"{"input": {"query_1": {"nope": "x"}}}"#,
            #"{"input": {"query_1": {"name": [1]}}}"#, #"{"input": {"query_1": {"name": null}}}"#, #"{"input": []}"#,
        ] {
            let reply = try await server.explorer("POST", path, token: token, body: body)
            #expect(reply.status == 400, "\(body)")
            #expect(error(40004001, "ErrParam")(reply.body), "\(body)")
        }
        #expect(error(40004000, "ErrBadRequest")(try await server.explorer("POST", path, token: token, body: "{").body))
        let unknown = try await server.explorer("POST", "/workflows/123/jobs", token: token, body: "{}")
        #expect(unknown.status == 404)
        #expect(error(40404000, "ErrNotFound")(unknown.body))
        #expect(try await server.explorer("GET", "/jobs", token: token).body["data"]?["total"] == 0)
        // No body at all is a job with the defaults.
        #expect(try await server.explorer("POST", path, token: token).body["data"] == ["id": 1])
        await server.stop()
    }

    @Test func listFiltersOrderAndPaging() async throws {
        let server = try await TestServer.start(workers: false)
        try await server.addRoot()
        let token = try await server.token()
        let service = server.home.service()
        for name in ["bench.SINGLE", "graph.PARAMS", "bench.SINGLE"] { _ = try await service.start(workflow: name, payload: [:]) }
        _ = try await service.cancel(number: 3)
        func ids(_ query: String, workflow: String? = nil) async throws -> [Int] {
            let prefix = workflow.map { "/workflows/\($0)" } ?? ""
            let body = try await server.explorer("GET", "\(prefix)/jobs\(query)", token: token).body
            return body["data"]?["items"]?.arrayValue?.compactMap { $0["id"]?.intValue } ?? [-1]
        }
        func filter(_ json: String) -> String { "?filter=" + json.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }
        let all = try await server.explorer("GET", "/jobs", token: token).body["data"]!
        #expect(all["total"] == 3)
        #expect(all["Page"] == 1)
        #expect(all["PageSize"] == 10)
        #expect(all["items"]?[0]?["status"] == 4)
        #expect(try await ids("") == [3, 2, 1])
        #expect(try await ids(filter(#"{"orderByCreateTime": "asc"}"#)) == [1, 2, 3])
        #expect(try await ids(filter(#"{"status": 4}"#)) == [3])
        #expect(try await ids(filter(#"{"name": "graph.params_"}"#)) == [2])
        let created = try await server.home.store.jobGet(number: 2)!.created
        #expect(try await ids(filter(#"{"fromCreateTime": \#(created), "toCreateTime": \#(created)}"#)) == [2])
        // As form-encoding clients (Python, Go, browsers) send it: `+` for a space (found by schemathesis).
        #expect(try await ids(filter(#"{"status": 4}"#).replacingOccurrences(of: "%20", with: "+")) == [3])
        // An integer as JSON Schema counts them, and a listed member left null.
        #expect(try await ids(filter(#"{"status": 4.0, "name": null}"#)) == [3])
        #expect(try await ids("?pageSize=2&page=2") == [1])
        let past = try await server.explorer("GET", "/jobs?pageSize=2&page=9", token: token).body["data"]!
        #expect(past["items"] == [])
        #expect(past["total"] == 3)
        #expect(try await ids("", workflow: String(Identifiers.workflowId(fullName: "bench.SINGLE"))) == [3, 1])
        for bad in [
            "?pageSize=0", "?pageSize=1001", "?page=0", "?page=x", filter("[]"), filter("{bad"), filter(#"{"status": "2"}"#),
            filter(#"{"orderByCreateTime": "sideways"}"#), filter(#"{"nope": null}"#),
        ] {
            let reply = try await server.explorer("GET", "/jobs\(bad)", token: token)
            #expect(reply.status == 400, "\(bad)")
            #expect(error(40004001, "ErrParam")(reply.body), "\(bad)")
        }
        #expect(error(40404000, "ErrNotFound")(try await server.explorer("GET", "/workflows/1/jobs", token: token).body))
        #expect(error(40404000, "ErrNotFound")(try await server.explorer("GET", "/jobs/99", token: token).body))
        #expect(error(40404000, "ErrNotFound")(try await server.explorer("GET", "/nope", token: token).body))
        await server.stop()
    }

    @Test func cancelRunningShellJobGoesStoppingThenInterruptedAndKillsIt() async throws {
        let server = try await TestServer.start()
        try await server.addRoot()
        let token = try await server.token()
        let job = try await server.home.service().start(workflow: "bench.SLEEP", payload: [:])
        try await eventually { FileManager.default.fileExists(atPath: server.home.path("sleep.pid")) }
        let reply = try await server.explorer("PUT", "/jobs/\(job.number)/cancel", token: token)
        #expect(reply.body == ["code": 0, "message": "Success", "data": ["success": true]])
        var statuses: [JSON] = []
        try await eventually {
            let status = try await server.explorer("GET", "/jobs/\(job.number)", token: token).body["data"]?["status"] ?? .null
            if statuses.last != status { statuses.append(status) }
            return status == 4
        }
        #expect(statuses.first == 5 || statuses == [4], "Stopping before Interrupted: \(statuses)")
        let pid = Int32(
            try String(contentsOfFile: server.home.path("sleep.pid"), encoding: .utf8).trimmingCharacters(
                in: .whitespacesAndNewlines))!
        #expect(kill(pid, 0) == -1)
        let again = try await server.explorer("PUT", "/jobs/\(job.number)/cancel", token: token)
        #expect(again.body["data"] == ["success": false])
        #expect(error(40404000, "ErrNotFound")(try await server.explorer("PUT", "/jobs/99/cancel", token: token).body))
        await server.stop()
    }

    @Test func workflowsExtensionListsInputs() async throws {
        let server = try await TestServer.start(workers: false)
        try await server.addRoot()
        let token = try await server.token()
        let data = try await server.explorer("GET", "/workflows", token: token).body["data"]!
        #expect(data["total"] == 9)
        let params = data["items"]?.arrayValue?.first { $0["name"] == "graph.PARAMS" }
        #expect(
            params == [
                "id": .string(server.paramsWorkflowId), "name": "graph.PARAMS",
                "tasks": [
                    ["key": "query_1", "name": "Query", "params": ["name": "nobody"]],
                    ["key": "rows_1", "name": "rows_1", "params": [:]],
                ],
            ])
        await server.stop()
    }

    @Test func directorNeedsCredentialsWhenAuthIsOn() async throws {
        let server = try await TestServer.start(workers: false, auth: true)
        try await server.addRoot()
        #expect(try await server.request("GET", "/api/ping").status == 200)
        let denied = try await server.request("GET", "/api/workflows")
        #expect(denied.status == 401)
        #expect(denied.body == ["error": "unauthorized", "message": "Please authenticate to access this API.", "status": 401])
        #expect(denied.headers["www-authenticate"] == #"Basic realm="Authentication Required""#)
        #expect(
            try await server.request("POST", "/api/workflows", body: #"{"project": "bench", "name": "SINGLE", "payload": {}}"#)
                .status == 401)
        #expect(
            try await server.request("GET", "/api/workflows", headers: ["Authorization": "Basic \(base64("root:bad"))"]).status
                == 401)
        #expect(
            try await server.request("GET", "/api/workflows", headers: ["Authorization": "Basic \(base64("root:123"))"]).status
                == 200)
        let token = try await server.token()
        #expect(try await server.request("GET", "/api/definitions", headers: ["Authorization": "Bearer \(token)"]).status == 200)
        #expect(try await server.request("GET", "/api/workflows", headers: ["Cookie": "explorer_token=\(token)"]).status == 200)
        await server.stop()
    }
}
