import BatonCore
import BatonEngine
@testable import BatonHTTP
import BatonStore
import BatonTestSupport
import Foundation
import Testing

private func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

extension TestServer {
    /// The raw answer, for bodies that are not JSON (the page, CSV).
    func raw(
        _ path: String, headers: [String: String] = [:]
    ) async throws -> (status: Int, headers: [String: String], text: String) {
        let (status, fields, data) = try await RawHTTP.request(method: "GET", port: port, path: path, headers: headers, body: nil)
        let text = String(decoding: data, as: UTF8.self)
        return (status, fields, fields["transfer-encoding"] == "chunked" ? Self.unchunked(text) : text)
    }

    /// The body of a `Transfer-Encoding: chunked` answer (streamed ones, like the CSV download).
    static func unchunked(_ text: String) -> String {
        var rest = Substring(text)
        var body = ""
        while let lineEnd = rest.range(of: "\r\n"), let size = Int(rest[..<lineEnd.lowerBound], radix: 16), size > 0 {
            let start = lineEnd.upperBound
            let end = rest.utf8.index(start, offsetBy: size)
            body += rest[start..<end]
            rest = rest[end...].dropFirst(2)
        }
        return body
    }

    /// Runs a workflow through the page's endpoint; returns the new job's number.
    func runFromPage(
        _ workflow: String, _ body: String = #"{"payload": {}}"#, headers: [String: String] = [:]
    ) async throws -> Int {
        let reply = try await request("POST", "/ui/definitions/\(workflow)/run", body: body, headers: headers)
        #expect(reply.status == 201, "\(reply.body)")
        return try #require(reply.body["job"]?["id"]?.intValue)
    }

    func waitForWebJob(_ id: Int, until done: @escaping (JSON) -> Bool) async throws -> JSON {
        var last = JSON.null
        try await eventually(timeout: .seconds(20)) {
            last = try await request("GET", "/ui/jobs/\(id)").body
            return done(last)
        }
        return last
    }
}

@Suite struct WebTests {
    static let dataPaths = [
        "/ui/jobs", "/ui/jobs/1", "/ui/definitions", "/ui/jobs/1/tasks/00/log", "/ui/jobs/1/tasks/00/log/stream",
        "/ui/jobs/1/tasks/00/rows", "/ui/jobs/1/tasks/00/rows.csv", "/ui/job-counts", "/api/events",
    ]

    @Test func thePageIsServedFromTheBinary() async throws {
        let server = try await TestServer.start(workers: false)
        let page = try await server.raw("/")
        #expect(page.status == 200)
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        #expect(page.text.contains(#"<meta name="viewport" content="width=device-width, initial-scale=1">"#))
        #expect(page.text.contains(#"<link rel="icon" href="/favicon.svg""#))
        #expect(page.headers["content-security-policy"]?.contains("default-src 'self'") == true)
        #expect(!page.text.contains("http://") || !page.text.contains("https://"), "no external assets")
        // Every script and style sheet the page names, as the browser would ask for them.
        let linked = page.text.matches(of: /(?:src|href)="(\/ui\/[^"]+)"/).map { String($0.output.1) }
        #expect(linked.contains("/ui/style.css") && linked.contains("/ui/core.js") && linked.last == "/ui/app.js", "\(linked)")
        let types = linked.map { ($0, $0.hasSuffix(".css") ? "text/css" : "text/javascript") }
        for (path, type) in types + [("/favicon.svg", "image/svg+xml"), ("/favicon.ico", "image/svg+xml")] {
            let asset = try await server.raw(path)
            #expect(asset.status == 200, "\(path)")
            #expect(asset.headers["content-type"]?.hasPrefix(type) == true, "\(path)")
            #expect(asset.headers["cache-control"] == "no-cache", "\(path)")
            #expect(!asset.text.contains("https://"), "\(path) loads nothing from elsewhere")
            // The ETag saves the bytes on revalidation.
            let etag = try #require(asset.headers["etag"], "\(path)")
            let again = try await server.raw(path, headers: ["If-None-Match": etag])
            #expect(again.status == 304 && again.text.isEmpty, "\(path)")
        }
        // Every file of web/ is served with a type, and every script is linked from the page.
        for name in WebFiles.files.keys {
            let ext = String(name.split(separator: ".").last ?? "")
            #expect(WebAssets.contentTypes[ext] != nil, "web/\(name) has no Content-Type")
            if ext == "js" { #expect(linked.contains("/ui/\(name)"), "web/\(name) is not loaded by index.html") }
        }
        #expect(try await server.request("GET", "/ui/nothing").status == 404)
        // The Director API keeps its own answers around the page's endpoint.
        #expect(
            try await server.request("GET", "/api/nothing").body["error"]?.stringValue?.hasPrefix("The requested URL") == true)
        await server.stop()
    }

    @Test func withAuthNothingButThePageAnswersWithoutALogin() async throws {
        let server = try await TestServer.start(workers: false, auth: true)
        try await server.addRoot()
        #expect(try await server.raw("/").status == 200)
        #expect(try await server.request("GET", "/ui/session").body == ["authEnabled": true, "user": .null])
        for path in Self.dataPaths {
            let reply = try await server.raw(path)
            #expect(reply.status == 401, "\(path)")
            #expect(reply.headers["www-authenticate"] == nil, "no browser password dialog for \(path)")
        }
        for path in [
            "/ui/jobs/1/cancel", "/ui/jobs/1/relaunch", "/ui/jobs/1/retry", "/ui/jobs/1/rerun",
            "/ui/definitions/bench.SINGLE/run",
        ] {
            #expect(try await server.request("POST", path, body: "{}").status == 401, "\(path)")
        }
        #expect(try await server.home.store.jobList(JobQuery()).total == 0)

        let wrong = try await server.request("POST", "/ui/login", body: #"{"name": "root", "password": "nope"}"#)
        #expect(wrong.status == 401)
        #expect(wrong.body == ["error": "wrong user name or password"])
        #expect(try await server.request("POST", "/ui/login", body: #"{"name": "root"}"#).status == 400)
        let login = try await server.request("POST", "/ui/login", body: #"{"name": "root", "password": "123"}"#)
        #expect(login.status == 200)
        let cookie = try #require(login.headers["set-cookie"])
        #expect(cookie.hasPrefix("explorer_token=ey") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
        let session = ["Cookie": String(cookie.split(separator: ";")[0])]
        #expect(try await server.request("GET", "/ui/session", headers: session).body == ["authEnabled": true, "user": "root"])
        #expect(try await server.request("GET", "/ui/jobs", headers: session).status == 200)
        #expect(try await server.request("GET", "/ui/job-counts", headers: session).status == 200)
        let queued = try await server.runFromPage("bench.SINGLE", headers: session)
        // Past the login, the rerun is the store's to refuse: this job (no workers here) has not ended.
        let early = try await server.request("POST", "/ui/jobs/\(queued)/rerun", body: #"{"from": "A"}"#, headers: session)
        #expect(
            early.status == 400
                && early.body["error"]?.stringValue == "job \(queued) is pending: only an ended job can be rerun from a step")
        // The APIs' other credentials work too.
        #expect(
            try await server.request("GET", "/ui/definitions", headers: ["Authorization": "Basic \(base64("root:123"))"]).status
                == 200)
        #expect(
            try await server.request("GET", "/ui/definitions", headers: ["Authorization": "Basic \(base64("root:bad"))"]).status
                == 401)
        let logout = try await server.request("POST", "/ui/logout", body: "{}", headers: session)
        #expect(logout.headers["set-cookie"]?.hasPrefix("explorer_token=; Path=/; Max-Age=0") == true)
        await server.stop()
    }

    @Test func runChecksWorkflowPayloadAndInput() async throws {
        let server = try await TestServer.start(workers: false)
        let invalid = try await server.request(
            "POST", "/ui/definitions/bench.SCHEMA/run", body: #"{"payload": {"user": "john"}}"#)
        #expect(invalid.status == 400)
        #expect(invalid.body == ["error": "Payload is not valid", "errors": ["'john' is not of type 'integer'"]])
        let missing = try await server.request("POST", "/ui/definitions/bench.SCHEMA/run", body: #"{"payload": {}}"#)
        #expect(missing.body["errors"] == ["'user' is a required property"])
        #expect(
            try await server.request("POST", "/ui/definitions/bench.NOPE/run", body: "{}").body == [
                "error": "Workflow bench.NOPE not found"
            ])
        let task = try await server.request(
            "POST", "/ui/definitions/graph.PARAMS/run", body: #"{"input": {"nope": {"name": "x"}}}"#)
        #expect(task.status == 400)
        #expect(task.body["error"]?.stringValue?.contains("'nope'") == true)
        #expect(try await server.request("POST", "/ui/definitions/graph.PARAMS/run", body: #"{"input": []}"#).status == 400)
        #expect(try await server.request("POST", "/ui/definitions/graph.PARAMS/run", body: #"{"extra": 1}"#).status == 400)
        #expect(
            try await server.request("POST", "/ui/definitions/graph.PARAMS/run", body: "{", contentType: "application/json")
                .status == 400)
        // Only JSON: a cross-site form post cannot start a job.
        #expect(
            try await server.request(
                "POST", "/ui/definitions/graph.PARAMS/run", body: "payload=x",
                contentType: "application/x-www-form-urlencoded"
            ).status == 415)
        #expect(try await server.home.store.jobList(JobQuery()).total == 0, "no job from a refused request")

        let id = try await server.runFromPage(
            "graph.PARAMS", #"{"payload": {"a": 1}, "input": {"query_1": {"name": "Tim"}}, "comment": "from the page"}"#)
        let job = try await server.request("GET", "/ui/jobs/\(id)").body
        #expect(job["workflow"] == "graph.PARAMS" && job["comment"] == "from the page" && job["payload"] == ["a": 1])
        #expect(job["input"] == ["query_1": ["name": "Tim"]])
        let tasks = try #require(job["tasks"]?.arrayValue)
        #expect(tasks.map { $0["key"] } == ["query_1", "rows_1"])
        #expect(tasks[1]["parents"] == .array([tasks[0]["id"]!]))
        #expect(tasks[0]["y"]!.doubleValue! < tasks[1]["y"]!.doubleValue!, "the DAG is drawn downward")
        #expect(job["graph"]?["edges"] == [["from": tasks[0]["id"]!, "to": tasks[1]["id"]!]])
        #expect(try await server.request("GET", "/ui/jobs/999").status == 404)
        #expect(try await server.request("GET", "/ui/jobs/abc").status == 404)
        await server.stop()
    }

    @Test func definitionsShowTasksParamsScheduleAndQueue() async throws {
        let home = try await TestHome(
            workflows: """
                web.TIMED:
                  tasks:
                    - {id: first, task: A, params: {size: 3}}
                    - {id: second, needs: [first], task: A, queue: slow}
                  periodic: {interval: 60}
                """, tasks: "A:\n  shell: 'true'\n  params: {size: 1}\n")
        let server = try await TestServer.start(home: home, workers: false)
        let definitions = try #require(try await server.request("GET", "/ui/definitions").body.arrayValue)
        let timed = try #require(definitions.first)
        #expect(timed["name"] == "web.TIMED")
        #expect(timed["schedule"]?["text"] == "every 60 s")
        #expect(timed["queues"] == ["default", "slow"])
        #expect(timed["steps"]?[0]?["params"] == ["size": 3])
        #expect(timed["steps"]?[1]?["needs"] == ["first"])
        #expect(timed["graph"]?["edges"] == [["from": "0", "to": "1"]])
        await server.stop()
    }

    @Test func jobsAreFilteredAndPaged() async throws {
        let server = try await TestServer.start(workers: false)
        let service = server.home.service()
        for workflow in ["bench.SINGLE", "bench.CHAIN", "bench.SINGLE", "bench.GROUP", "bench.SINGLE"] {
            _ = try await service.start(workflow: workflow, payload: [:])
        }
        _ = try await service.cancel(number: 4)
        let all = try await server.request("GET", "/ui/jobs?per_page=2").body
        #expect(all["total"] == 5 && all["items"]?.arrayValue?.map { $0["id"] } == [5, 4])
        #expect(try await server.request("GET", "/ui/jobs?per_page=2&page=3").body["items"]?.arrayValue?.map { $0["id"] } == [1])
        let singles = try await server.request("GET", "/ui/jobs?workflow=bench.SINGLE").body
        #expect(singles["items"]?.arrayValue?.map { $0["id"] } == [5, 3, 1])
        let interrupted = try await server.request("GET", "/ui/jobs?status=interrupted").body
        #expect(interrupted["items"]?.arrayValue?.map { $0["id"] } == [4])
        #expect(try await server.request("GET", "/ui/jobs?name=chain").body["total"] == 1)
        let created = try #require(try await server.home.store.jobGet(number: 3)?.created)
        let window = try await server.request("GET", "/ui/jobs?from=\(created)&to=\(created)").body
        #expect(window["items"]?.arrayValue?.contains { $0["id"] == 3 } == true)
        #expect(try await server.request("GET", "/ui/jobs?from=\(Int64.max / 2)").body["total"] == 0)
        for bad in ["page=0", "per_page=1000", "per_page=x", "status=done", "from=yesterday"] {
            let reply = try await server.request("GET", "/ui/jobs?\(bad)")
            #expect(reply.status == 400, "\(bad)")
            #expect(reply.body["error"]?.stringValue?.isEmpty == false)
        }
        await server.stop()
    }

    @Test func jobCountsAreTheLastDaysJobsByStatusHourByHour() async throws {
        let server = try await TestServer.start(workers: false)
        let (hour, day): (Int64, Int64) = (3_600_000, 24 * 3_600_000)
        // Job 1 was created two days ago (its service's clock says so): outside the window.
        let earlier = JobService(
            store: server.home.store, definitions: server.home.definitions,
            clock: MillisClock { MillisClock.system.now - 2 * day })
        _ = try await earlier.start(workflow: "bench.SINGLE", payload: [:])
        let service = server.home.service()
        var created: [Int64] = []
        for workflow in ["bench.SINGLE", "bench.CHAIN", "bench.SINGLE"] {
            created.append(try await service.start(workflow: workflow, payload: [:]).created)
        }
        #expect(try await service.cancel(number: 3)?.status == .interrupted)

        let counts = try await server.request("GET", "/ui/job-counts").body
        let from = try #require(counts["from"]?.intValue.map(Int64.init))
        #expect(counts["to"]?.intValue.map(Int64.init) == from + day && counts["bucketMillis"]?.intValue == Int(hour))
        #expect(from % hour == 0, "whole hours")
        #expect(counts["statuses"] == ["pending", "running", "success", "failed", "interrupted", "stopping"])
        #expect(counts["totals"] == ["pending": 2, "running": 0, "success": 0, "failed": 0, "interrupted": 1, "stopping": 0])
        let buckets = try #require(counts["buckets"]?.arrayValue)
        #expect(buckets.count == 24)
        #expect(buckets.map { $0["start"]?.intValue.map(Int64.init) } == (0..<24).map { from + Int64($0) * hour })
        // Each job in the hour it was created in (jobs 2, 3 and 4; 3 canceled).
        var expected = [[String: Int]](repeating: [:], count: 24)
        for (index, time) in created.enumerated() {
            expected[Int((time - from) / hour)][index == 1 ? "interrupted" : "pending", default: 0] += 1
        }
        for (index, bucket) in buckets.enumerated() {
            for status in ["pending", "interrupted", "success"] {
                #expect(bucket["counts"]?[status]?.intValue == expected[index][status] ?? 0, "hour \(index), \(status)")
            }
        }
        await server.stop()
    }

    @Test func taskLogResultRowsAndCSV() async throws {
        let server = try await TestServer.start()
        let id = try await server.runFromPage("graph.PARAMS")
        let job = try await server.waitForWebJob(id) { $0["status"] == "success" }
        let tasks = try #require(job["tasks"]?.arrayValue)
        let rowsTask = try #require(tasks.first { $0["key"] == "rows_1" }?["id"]?.stringValue)
        let log = try await server.request("GET", "/ui/jobs/\(id)/tasks/\(rowsTask)/log").body
        // A task that wrote nothing keeps no log.
        #expect(log == ["status": "success", "attempts": []])
        let first = try await server.request("GET", "/ui/jobs/\(id)/tasks/\(rowsTask)/rows?per_page=2").body
        #expect(first == ["rows": [["a", "1"], ["b", "2"]], "page": 1, "perPage": 2, "more": true])
        let second = try await server.request("GET", "/ui/jobs/\(id)/tasks/\(rowsTask)/rows?per_page=2&page=2").body
        #expect(second["rows"] == [["c", "3"]] && second["more"] == false)
        let csv = try await server.raw("/ui/jobs/\(id)/tasks/\(rowsTask)/rows.csv")
        #expect(csv.status == 200 && csv.text == "a,1\r\nb,2\r\nc,3\r\n", "\(csv.text.debugDescription)")
        #expect(csv.headers["content-disposition"] == #"attachment; filename="job-\#(id)-rows_1.csv""#)
        #expect(
            CSVText.line(["plain", "a,b", #"say "hi""#, "two\nlines"]) == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n")
        #expect(try await server.request("GET", "/ui/jobs/\(id)/tasks/0123/rows").status == 404)
        #expect(try await server.request("GET", "/ui/jobs/\(id)/tasks/\(rowsTask)/rows?per_page=5000").status == 400)
        await server.stop()
    }

    @Test func cancelRelaunchAndRetryFromThePage() async throws {
        let server = try await TestServer.start()
        let id = try await server.runFromPage("bench.SLEEP")
        _ = try await server.waitForWebJob(id) { $0["tasks"]?[0]?["status"] == "running" }
        let cancel = try await server.request("POST", "/ui/jobs/\(id)/cancel", body: "{}")
        #expect(cancel.status == 200 && cancel.body["job"]?["status"] == "stopping")
        _ = try await server.waitForWebJob(id) { $0["status"] == "interrupted" && $0["tasks"]?[0]?["status"] == "canceled" }
        #expect(try await server.request("POST", "/ui/jobs/\(id)/cancel", body: "{}").body["job"]?["status"] == "interrupted")
        // Without a JSON body the action is refused (cross-site forms cannot send one).
        #expect(try await server.request("POST", "/ui/jobs/\(id)/relaunch", body: "", contentType: "text/plain").status == 415)
        let retry = try await server.request("POST", "/ui/jobs/\(id)/retry", body: "{}")
        #expect(retry.status == 201 && retry.body["job"]?["workflow"] == "bench.SLEEP")
        let relaunch = try await server.request("POST", "/ui/jobs/\(id)/relaunch", body: "{}")
        #expect(relaunch.status == 201)
        for job in [retry.body["job"]?["id"]?.intValue, relaunch.body["job"]?["id"]?.intValue].compactMap({ $0 }) {
            _ = try await server.request("POST", "/ui/jobs/\(job)/cancel", body: "{}")
        }
        let done = try await server.runFromPage("bench.SINGLE")
        _ = try await server.waitForWebJob(done) { $0["status"] == "success" }
        let refused = try await server.request("POST", "/ui/jobs/\(done)/retry", body: "{}")
        #expect(refused.status == 400)
        #expect(refused.body["error"]?.stringValue?.contains("only a failed or interrupted job can be retried") == true)
        await server.stop()
    }

    @Test func rerunFromAStepOfThePage() async throws {
        let server = try await TestServer.start()
        let id = try await server.runFromPage("bench.CHAIN")
        _ = try await server.waitForWebJob(id) { $0["status"] == "success" }
        let rerun = try await server.request("POST", "/ui/jobs/\(id)/rerun", body: #"{"from": "B"}"#)
        #expect(rerun.status == 200, "\(rerun.body)")
        #expect(rerun.body["job"]?["id"]?.intValue == id, "the same job")
        #expect(rerun.body["job"]?["status"] == "running")
        let done = try await server.waitForWebJob(id) { $0["status"] == "success" }
        let attempts = done["tasks"]?.arrayValue?.map { "\($0["key"]?.stringValue ?? "?"):\($0["attempt"]?.intValue ?? -1)" }
        #expect(attempts == ["A:1", "B:2", "C:2"])

        let unknown = try await server.request("POST", "/ui/jobs/\(id)/rerun", body: #"{"from": "NOPE"}"#)
        #expect(unknown.status == 400 && unknown.body["error"]?.stringValue == "job \(id) has no step 'NOPE'")
        #expect(try await server.request("POST", "/ui/jobs/\(id)/rerun", body: "{}").status == 400)
        #expect(try await server.request("POST", "/ui/jobs/999/rerun", body: #"{"from": "A"}"#).status == 404)
        let sleeping = try await server.runFromPage("bench.SLEEP")
        _ = try await server.waitForWebJob(sleeping) { $0["tasks"]?[0]?["status"] == "running" }
        let running = try await server.request("POST", "/ui/jobs/\(sleeping)/rerun", body: #"{"from": "SLEEP"}"#)
        #expect(
            running.status == 400
                && running.body["error"]?.stringValue == "job \(sleeping) is running: only an ended job can be rerun from a step")
        _ = try await server.request("POST", "/ui/jobs/\(sleeping)/cancel", body: "{}")
        _ = try await server.waitForWebJob(sleeping) { $0["status"] == "interrupted" }
        await server.stop()
    }

    @Test func theEventStreamTellsOfChangesMadeElsewhere() async throws {
        let server = try await TestServer.start()
        let stream = try StreamReader(port: server.port, path: "/api/events")
        defer { stream.stop() }
        try await eventually { stream.text.contains("event: ready") }
        #expect(stream.text.lowercased().contains("content-type: text/event-stream"))
        // Started through the store, as another process would: nothing in this server is told.
        let job = try await server.home.service(server.home.engine()).start(workflow: "bench.CHAIN", payload: [:])
        try await eventually { stream.text.contains(#""id":\#(job.number)"#) }
        try await eventually {
            stream.text.components(separatedBy: "\n").contains {
                $0.contains(#""id":\#(job.number)"#) && $0.contains(#""status":"success""#)
            }
        }
        await server.stop()
        try await eventually { stream.isClosed }
    }

    @Test func aRunningTasksLogIsFollowed() async throws {
        let home = try await TestHome(
            workflows: "web.TICK:\n  tasks: [TICK]\n",
            tasks: "TICK:\n  shell: 'echo tick one; echo tick two; sleep 30 & wait'\n")
        let server = try await TestServer.start(home: home)
        let id = try await server.runFromPage("web.TICK")
        let job = try await server.waitForWebJob(id) { $0["tasks"]?[0]?["status"] == "running" }
        let task = try #require(job["tasks"]?[0]?["id"]?.stringValue)
        let stream = try StreamReader(port: server.port, path: "/ui/jobs/\(id)/tasks/\(task)/log/stream")
        defer { stream.stop() }
        do {
            try await eventually { stream.text.contains("event: attempt") && stream.text.contains("tick two") }
        } catch {
            Issue.record("log stream: \(stream.text)")
            throw error
        }
        _ = try await server.request("POST", "/ui/jobs/\(id)/cancel", body: "{}")
        try await eventually { stream.text.contains("event: end") && stream.text.contains(#""status":"canceled""#) }
        try await eventually { stream.isClosed }
        let log = try await server.request("GET", "/ui/jobs/\(id)/tasks/\(task)/log").body
        #expect(log["attempts"]?[0]?["text"]?.stringValue?.contains("tick one") == true)
        await server.stop()
    }
}
