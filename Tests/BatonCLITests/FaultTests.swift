import BatonCore
import Foundation
import Testing
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The faults of issue 12, replayed through the real `baton` binary: each kind refused at load
/// with a message naming file, workflow and problem, or handled at run time without a crash.
@Suite struct FaultTests {
    /// A home holding exactly `files` (path → text).
    private func home(_ files: [String: String]) throws -> URL {
        let home = temporaryFolder()
        for (path, text) in files {
            let url = home.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return home
    }

    private func validate(_ home: URL) async throws -> CLI.Result {
        try await CLI.run(["workflow", "validate", "--home", home.path])
    }

    /// Starts a job through Director's API; its id.
    private func post(port: Int, project: String, name: String, payload: String = "{}") async throws -> String? {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/workflows")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"{"project": "\#(project)", "name": "\#(name)", "payload": \#(payload)}"#.utf8)
        let (data, _) = try await URLSession.shared.data(for: request)
        return try JSON.parse(data)["id"]?.stringValue
    }

    private func get(port: Int, path: String) async throws -> String {
        let (data, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        return String(decoding: data, as: UTF8.self)
    }

    /// Waits until `condition` holds, failing after `seconds`.
    private func waitUntil(_ what: String, seconds: Double = 90, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while try await !condition() {
            guard ContinuousClock.now < deadline else { throw CLIFailure(description: "timed out waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    private func text(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }

    private func alive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return !stat[stat.index(after: close)...].hasPrefix(" Z")
    }

    // MARK: 1. Unbounded recursion or expansion driven by a definition

    @Test func selfReferringSchemaIsALoadErrorAndRunDoesNotCrash() async throws {
        let home = try home([
            "workflows.yml": "demo.LOOP:\n  schema: loop\n  tasks: [A]\n",
            "tasks.yml": "A:\n  shell: 'true'\n",
            "schemas/loop.json": ##"{"$ref": "#"}"##,
        ])
        let result = try await validate(home)
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "workflow demo.LOOP, field 'schema': schema file schemas/loop.json: $ref cycle at # never reaches a keyword"),
            "\(result.stderr)")
        let run = try await CLI.run(["workflow", "run", "demo.LOOP", "--home", home.path])
        #expect(run.status == 1, "exits with an error, not a signal")
        #expect(run.stderr.contains("schemas/loop.json"))
    }

    @Test func missingReferenceIsALoadErrorNamingFileAndPointer() async throws {
        let home = try home([
            "workflows.yml": "demo.REF:\n  schema: ref\n  tasks: [A]\n",
            "tasks.yml": "A:\n  shell: 'true'\n",
            "schemas/ref.json": ##"{"type": "object", "properties": {"a": {"$ref": "#/definitions/missing"}}}"##,
        ])
        let result = try await validate(home)
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "schema file schemas/ref.json: $ref at #/properties/a points nowhere: '#/definitions/missing'"),
            "\(result.stderr)")
    }

    @Test func recursiveSchemaKeepsWorkingOverHTTP() async throws {
        let tree = ##"""
            {"type": "object", "properties": {"name": {"type": "string"},
             "children": {"type": "array", "items": {"$ref": "#"}}}, "required": ["name"]}
            """##
        let home = try home([
            "workflows.yml": "demo.TREE:\n  schema: tree\n  tasks: [A]\n",
            "tasks.yml": "A:\n  shell: 'true'\n",
            "schemas/tree.json": tree,
        ])
        #expect(try await validate(home).status == 0)
        let server = try await BatonProcess.serve(home: home)
        defer { server.stop() }
        func send(_ payload: String) async throws -> (Int, String) {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)/api/workflows")!)
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(#"{"project": "demo", "name": "TREE", "payload": \#(payload)}"#.utf8)
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as! HTTPURLResponse).statusCode, String(decoding: data, as: UTF8.self))
        }
        let (good, _) = try await send(#"{"name": "a", "children": [{"name": "b", "children": [{"name": "c"}]}]}"#)
        #expect(good == 201)
        let (bad, body) = try await send(#"{"name": "a", "children": [{"children": []}]}"#)
        #expect(bad == 400)
        #expect(body.contains("'name' is a required property"), "\(body)")
        // A payload nested as deep as the JSON parser allows is answered, not a crash.
        let deep = String(repeating: #"{"name": "x", "children": ["#, count: 200) + String(repeating: "]}", count: 200)
        let (status, _) = try await send(deep)
        #expect(status == 201 || status == 400)
        let (ping, _) = try await send(#"{"name": "still here"}"#)
        #expect(ping == 201)
    }

    @Test func billionLaughsIsRefusedInMilliseconds() async throws {
        var yaml = "a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            yaml += "a\(level): &a\(level) [\(Array(repeating: previous, count: 9).joined(separator: ", "))]\n"
        }
        yaml += "demo.LAUGHS:\n  tasks: [A]\n  periodic: {interval: 60, payload: {x: *a9}}\n"
        let home = try home(["workflows.yml": yaml, "tasks.yml": "A:\n  shell: 'true'\n"])
        let result = try await validate(home)
        #expect(result.status == 1)
        #expect(result.stderr.contains("workflows.yml: its aliases expand to more than 1000000 nodes"), "\(result.stderr)")
        // Generous for a debug build on a busy machine; expanding it would take minutes and gigabytes.
        #expect(result.duration < .seconds(10))
    }

    // MARK: 2–3. Schedules: impossible crontabs, Celery's grammar, float intervals

    @Test func impossibleCrontabIsALoadErrorNamingTheWorkflow() async throws {
        let home = try home([
            "workflows.yml": "demo.NEVER:\n  tasks: [A]\n  periodic: {crontab: \"0 0 31 2 *\"}\n",
            "tasks.yml": "A:\n  shell: 'true'\n",
        ])
        let result = try await validate(home)
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("workflow demo.NEVER, field 'periodic.crontab': crontab '0 0 31 2 *' can never fire"),
            "\(result.stderr)")
    }

    @Test func celeryCrontabsAndFloatIntervalsLoadAndTheIntervalFires() async throws {
        let home = try home([
            "workflows.yml": """
            demo.WEEKDAYS:
              tasks: [A]
              periodic: {crontab: "0 9 * * MON-fri"}
            demo.QUARTERS:
              tasks: [A]
              periodic: {crontab: "*/15 0-6/2 1,15 jan-Mar,oct sun"}
            demo.OFTEN:
              tasks: [A]
              periodic: {interval: 1.5}
            """,
            "tasks.yml": "A:\n  shell: 'true'\n",
        ])
        let result = try await validate(home)
        #expect(result.status == 0, "\(result.stderr)")
        let show = try await CLI.run(["workflow", "show", "demo.OFTEN", "--home", home.path])
        #expect(show.stdout.contains("every 1.5s"), "\(show.stdout)")
        let tooShort = try self.home([
            "workflows.yml": "demo.FAST:\n  tasks: [A]\n  periodic: {interval: 0.5}\n", "tasks.yml": "A:\n  shell: 'true'\n",
        ])
        #expect(
            try await validate(tooShort).stderr.contains("field 'periodic.interval': must be a number of seconds, at least 1"))

        let server = try await BatonProcess.serve(home: home)
        defer { server.stop() }
        try await waitUntil("the 1.5 s interval to fire twice") {
            let list = try await CLI.run(["job", "list", "--home", home.path]).stdout
            return list.split(separator: "\n").filter { $0.contains("demo.OFTEN") && $0.contains("success") }.count >= 2
        }
    }

    // MARK: 4. Orphaned task processes

    /// The issue's replay: a sleeping task, the server killed while it runs and restarted at once.
    /// Attempt 2 checks that nothing of attempt 1's process group is alive when it starts. The
    /// task sleeps 60 s rather than the report's 8: in a full parallel test run this test's own
    /// steps can wait seconds for a thread, and attempt 1 must still be running at the kill.
    @Test func afterKill9NoAttemptRunsBesideItsPredecessor() async throws {
        let script = #"""
            for group in $(cat groups 2>/dev/null); do
              kill -0 -- "-$group" 2>/dev/null && echo "$BATON_ATTEMPT saw $group" >> overlaps
            done
            echo $$ >> groups
            echo "$BATON_ATTEMPT" >> started
            sleep 60
            echo "$BATON_ATTEMPT" >> finished
            """#
        // Leases far longer than the test: attempt 2 can only come from the restart's reclaim.
        let home = try home([
            "baton.yml": "lease_seconds: 600\ncancel_grace: 1\n",
            "workflows.yml": "demo.SLEEPY:\n  tasks: [NAP]\n",
            "tasks.yml": "NAP:\n  shell: |\n" + script.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n",
        ])
        let server = try await BatonProcess.serve(home: home)
        _ = try await post(port: server.port, project: "demo", name: "SLEEPY")
        let groups = home.appendingPathComponent("groups")
        // `started` is written after `groups`: once it is there, attempt 1 has written both.
        try await waitUntil("attempt 1 to start") {
            text(home.appendingPathComponent("started")).split(separator: "\n").count == 1
        }
        let first = Int32(text(groups).trimmingCharacters(in: .whitespacesAndNewlines))!
        server.kill()
        // The shell dies with the server that started it (its parent-death signal)…
        try await waitUntil("attempt 1's shell to die with the server") { !alive(first) }
        // …and its `sleep`, left in the group, is stopped by the restarted server before attempt 2.
        let log = home.appendingPathComponent("restarted.log")
        let restarted = try await BatonProcess.serve(home: home, errors: log)
        defer { restarted.stop() }
        do {
            try await waitUntil("attempt 2 to start", seconds: 90) {
                text(home.appendingPathComponent("started")).split(separator: "\n").count == 2
            }
        } catch {
            let notes = (try? FileManager.default.contentsOfDirectory(atPath: home.appendingPathComponent("data/run").path)) ?? []
            let job = (try? await CLI.run(["job", "show", "1", "--home", home.path]).stdout) ?? ""
            Issue.record(
                "\(error); the restarted server logged: \(text(log)); run folder: \(notes); job: \(job); started: \(text(home.appendingPathComponent("started")))"
            )
            return
        }
        #expect(text(log).contains("stopped 1 task process(es) left running by a process that is gone"), "\(text(log))")
        #expect(
            text(home.appendingPathComponent("overlaps")).isEmpty,
            "attempts overlapped: \(text(home.appendingPathComponent("overlaps")))")
        #expect(liveMembers(of: first).isEmpty)
    }

    private func liveMembers(of group: Int32) -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { Int32($0) }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && fields[0] != "Z" && Int32(fields[2]) == group
        }
    }

    // MARK: 5. Errors that name the wrong culprit

    @Test func missingWorkdirIsALoadErrorAndARuntimeErrorNamingIt() async throws {
        let broken = try home([
            "workflows.yml": "demo.WD:\n  tasks:\n    - {id: a, shell: 'true', workdir: no/such/dir}\n"
        ])
        let result = try await validate(broken)
        #expect(result.status == 1)
        #expect(result.stderr.contains("workflow demo.WD, task a, field 'workdir': folder 'no/such/dir'"), "\(result.stderr)")
        #expect(result.stderr.contains("does not exist"))

        // A folder that disappears after loading is named by the task's failure, not /bin/sh.
        let home = try home([
            "workflows.yml": "demo.WD:\n  tasks: [A]\n",
            "tasks.yml": "A:\n  shell: 'true'\n  workdir: gone\n",
            "gone/.keep": "",
        ])
        #expect(try await validate(home).status == 0)
        let server = try await BatonProcess.serve(home: home)
        defer { server.stop() }
        try FileManager.default.removeItem(at: home.appendingPathComponent("gone"))
        let id = try #require(try await post(port: server.port, project: "demo", name: "WD"))
        var job = ""
        try await waitUntil("the job to fail") {
            job = try await get(port: server.port, path: "/api/workflows/\(id)")
            return job.contains(#""status":"error""#)
        }
        let folder = home.appendingPathComponent("gone").standardizedFileURL.path
        #expect(job.contains("cannot enter the working directory \(folder): No such file or directory"), "\(job)")
        #expect(!job.contains("/bin/sh"))
    }

    // MARK: 6. Large logs

    @Test func longLogKeepsHeadAndTailWithAMarker() async throws {
        // 40 MB: 40 × 1 MiB + the first and last lines.
        let home = try home([
            "workflows.yml": "demo.LOUD:\n  tasks: [LOUD]\n",
            "tasks.yml": #"""
            LOUD:
              shell: 'echo FIRST; head -c 41943040 /dev/zero | tr "\0" x; echo; echo LAST'
            """#,
        ])
        let run = try await CLI.run(["workflow", "run", "demo.LOUD", "--home", home.path, "--wait"])
        #expect(run.status == 0, "\(run.stderr)")
        let logs = try await CLI.run(["job", "logs", "1", "--home", home.path]).stdout
        let total = 6 + 41_943_040 + 1 + 5
        let omitted = total - 65_536 - 1_048_576
        #expect(logs.contains("FIRST\n"))
        #expect(
            logs.contains(
                "\n[baton: \(omitted) bytes of this log were left out here; the first 64 KiB and the end are kept (log_max_bytes)]\n"
            ))
        #expect(logs.hasSuffix("x\nLAST\n"))
        #expect(logs.utf8.count < 65_536 + 1_048_576 + 400)
    }

    // MARK: 7. What a task process can reach

    @Test func taskProcessHoldsOnlyItsStandardStreams() async throws {
        // No redirection in the script: dash keeps copies of redirected descriptors (from 10 up).
        let home = try home([
            "workflows.yml": "demo.FDS:\n  tasks: [FDS]\n",
            "tasks.yml": "FDS:\n  shell: 'ls /proc/$$/fd; readlink /proc/$$/fd/0'\n",
        ])
        let server = try await BatonProcess.serve(home: home)
        defer { server.stop() }
        let id = try #require(try await post(port: server.port, project: "demo", name: "FDS"))
        try await waitUntil("the task to list its descriptors") {
            try await get(port: server.port, path: "/api/workflows/\(id)").contains(#""status":"success""#)
        }
        let logs = try await CLI.run(["job", "logs", "1", "--home", home.path]).stdout
        // No listening socket, no database: stdin (/dev/null), stdout and stderr (the log).
        #expect(logs == "==> FDS attempt 1 <==\n0\n1\n2\n/dev/null\n")
    }
}
