import BatonCore
import BatonTestSupport
import Foundation
import Testing
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The `baton` executable, run as a user would.
struct CLI {
    struct Result: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
        /// From start to exit, without the wait for a turn to run (see `blockingWork`).
        let duration: Duration
    }

    static let binary: URL = {
        let testBinary = URL(
            fileURLWithPath: CommandLine.arguments[0],
            relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath + "/"))
        var directory = testBinary.deletingLastPathComponent()
        // On some platforms the test binary sits inside a bundle.
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("baton").path), directory.path != "/" {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("baton")
    }()

    /// `environment` is added to this process's own.
    static func run(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]
    ) async throws
        -> Result
    {
        try await blockingWork { try runBlocking(arguments, in: directory, extra: environment) }
    }

    private static func runBlocking(_ arguments: [String], in directory: URL?, extra: [String: String]) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "BATON_HOME")
        environment.merge(extra) { _, added in added }
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let started = ContinuousClock.now
        try process.run()
        // Read both pipes to the end before waiting, so a full pipe cannot block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self), duration: ContinuousClock.now - started)
    }
}

/// `baton serve --port 0` as a child process, with the port it printed.
struct CLIFailure: Error, CustomStringConvertible {
    let description: String
}

func temporaryFolder() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("baton-cli-\(UUID().uuidString)")
}

@Suite struct CLITests {
    @Test func initThenRunAndWaitShowsEveryTaskSucceeding() async throws {
        let home = temporaryFolder()
        let created = try await CLI.run(["init", home.path])
        #expect(created.status == 0)
        #expect(created.stdout.contains("workflows.yml"))
        #expect(created.stdout.contains("baton user create NAME --password-stdin --home \(home.path)"))
        let run = try await CLI.run(["workflow", "run", "example.ETL", "--home", home.path, "--wait"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        for task in ["EXTRACT", "TRANSFORM_A", "TRANSFORM_B", "LOAD", "NOTIFY (success hook)"] {
            #expect(run.stdout.contains(task.padding(toLength: 28, withPad: " ", startingAt: 0) + " success"), "\(task)")
        }
        #expect(run.stdout.contains("job 1 success in"))

        let list = try await CLI.run(["job", "list", "--home", home.path])
        #expect(list.stdout.contains("example.ETL"))
        #expect(list.stdout.contains("1 of 1 job(s)"))
        let show = try await CLI.run(["job", "show", "1", "--home", home.path])
        #expect(show.stdout.contains("result {\"loaded\":true}"))
        let logs = try await CLI.run(["job", "logs", "1", "--home", home.path, "--task", "EXTRACT"])
        #expect(logs.stdout == "==> EXTRACT attempt 1 <==\nextracting\n")
    }

    @Test func failingWorkflowExitsNonZeroNamingTheTaskAndItsLog() async throws {
        let home = temporaryFolder()
        _ = try await CLI.run(["init", home.path])
        let run = try await CLI.run(["workflow", "run", "example.BROKEN", "--home", home.path, "--wait"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("failed task: BROKEN: exit status 3"))
        #expect(run.stdout.contains("attempt 2: the upstream service is down"))
        #expect(run.stdout.contains("LOAD                         canceled"))
    }

    @Test func paramsFromInputReachTheTaskAndRowsAreKept() async throws {
        let home = temporaryFolder()
        _ = try await CLI.run(["init", home.path])
        let run = try await CLI.run([
            "workflow", "run", "graph.PLAYERS", "--home", home.path, "--wait",
            "--input", #"{"query_1": {"name": "Boris Diaw"}}"#,
        ])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let show = try await CLI.run(["job", "show", "1", "--home", home.path])
        #expect(show.stdout.contains(#"input {"query_1":{"name":"Boris Diaw"}}"#))
    }

    @Test func validateNamesFileWorkflowAndTask() async throws {
        let home = temporaryFolder()
        _ = try await CLI.run(["init", home.path])
        #expect(try await CLI.run(["workflow", "validate", "--home", home.path]).stdout.hasPrefix("ok: 6 workflow(s)"))
        try """
        example.BAD:
          tasks:
            - EXTRACT
            - NOPE
        """.write(to: home.appendingPathComponent("workflows.yml"), atomically: true, encoding: .utf8)
        let result = try await CLI.run(["workflow", "validate", "--home", home.path])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "workflows.yml:4: workflow example.BAD, task NOPE: unknown task 'NOPE': it is neither in tasks.yml nor a registered Swift task\n"
        )
        // Every other command refuses the broken home the same way, without a stack trace.
        let run = try await CLI.run(["workflow", "run", "example.BAD", "--home", home.path])
        #expect(run.status != 0)
        #expect(run.stderr.contains("workflows.yml:4: workflow example.BAD, task NOPE"))
    }

    @Test func userErrorsAreOneClearLine() async throws {
        let empty = temporaryFolder()
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let missing = try await CLI.run(["workflow", "list"], in: empty)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no Baton home at"))
        #expect(missing.stderr.contains("baton init"))

        let home = temporaryFolder()
        _ = try await CLI.run(["init", home.path])
        let badPayload = try await CLI.run(["workflow", "run", "example.ETL", "{not json", "--home", home.path])
        #expect(badPayload.stderr == "Error: the payload is not valid JSON: {not json\n")
        let unknown = try await CLI.run(["workflow", "run", "example.NOPE", "--home", home.path])
        #expect(unknown.stderr == "Error: Workflow example.NOPE not found\n")
        let badInput = try await CLI.run([
            "workflow", "run", "graph.PLAYERS", "--input", #"{"nope": {"a": 1}}"#, "--home", home.path,
        ])
        #expect(badInput.stderr == "Error: input names task 'nope', which workflow graph.PLAYERS does not have\n")
        #expect(try await CLI.run(["job", "show", "42", "--home", home.path]).stderr.contains("no job '42'"))
        #expect(try await CLI.run(["job", "list", "--home", home.path]).stdout == "0 of 0 job(s)\n")
    }

    @Test func queuedJobRunsOnWorkerAndCancelledJobStaysEnded() async throws {
        let home = temporaryFolder()
        _ = try await CLI.run(["init", home.path])
        let queued = try await CLI.run(["workflow", "run", "example.ORDER", #"{"user": 3}"#, "--home", home.path])
        #expect(queued.stdout.contains("queued"))
        let cancel = try await CLI.run(["job", "cancel", "1", "--home", home.path])
        #expect(cancel.stdout == "job 1 interrupted\n")
        let again = try await CLI.run(["job", "cancel", "1", "--home", home.path])
        #expect(again.stdout == "job 1 had already ended (interrupted); nothing changed\n")
        let relaunch = try await CLI.run(["job", "relaunch", "1", "--home", home.path])
        #expect(relaunch.stdout.contains("job 2 "))
        #expect(try await CLI.run(["job", "show", "2", "--home", home.path]).stdout.contains(#"payload {"user":3}"#))
    }

    @Test func helpEverywhere() async throws {
        for command in [
            [], ["workflow"], ["workflow", "run"], ["job"], ["job", "logs"], ["job", "rerun"], ["worker"], ["init"],
            ["db", "migrate"],
        ] {
            let help = try await CLI.run(command + ["--help"])
            #expect(help.status == 0, "\(command)")
            #expect(help.stdout.contains("USAGE"), "\(command)")
        }
    }
}

@Suite struct WorkerProcessTests {
    @Test func workerRunsQueuedJobsAndStopsOnSIGTERM() async throws {
        let home = temporaryFolder()
        _ = try await CLI.run(["init", home.path])
        let worker = Process()
        worker.executableURL = CLI.binary
        worker.arguments = ["worker", "--home", home.path, "--concurrency", "2"]
        let out = Pipe()
        worker.standardOutput = out
        worker.standardError = out
        try worker.run()
        defer { if worker.isRunning { worker.terminate() } }
        let queued = try await CLI.run(["workflow", "run", "example.ETL", #"{"user": 1}"#, "--home", home.path])
        #expect(queued.status == 0, "\(queued.stderr)")
        let deadline = ContinuousClock.now + .seconds(90)
        var status = ""
        while ContinuousClock.now < deadline {
            status = try await CLI.run(["job", "show", "1", "--home", home.path]).stdout
            if status.contains("status success") && !status.contains("pending") && !status.contains("running") { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let wasRunning = worker.isRunning
        worker.terminate()
        worker.waitUntilExit()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(status.contains("status success"), "\(status)\nworker (running: \(wasRunning)) said:\n\(output)")
        #expect(worker.terminationStatus == 0, "\(output)")
        #expect(output.contains("worker stopped"), "\(output)")
    }
}

@Suite struct ServeProcessTests {
    @Test func serveAnswersRunsJobsAndStopsGracefullyOnSIGTERM() async throws {
        let home = temporaryFolder()
        _ = try await CLI.run(["init", home.path])
        let server = try await BatonProcess.serve(home: home)
        defer { if server.process.isRunning { server.kill() } }
        let port = server.port
        let base = "http://127.0.0.1:\(port)/api"
        let ping = try await URLSession.shared.data(from: URL(string: "\(base)/ping")!)
        #expect(String(decoding: ping.0, as: UTF8.self) == #"{"message":"pong"}"#)
        var post = URLRequest(url: URL(string: "\(base)/workflows")!)
        post.httpMethod = "POST"
        post.setValue("application/json", forHTTPHeaderField: "Content-Type")
        post.httpBody = Data(#"{"project": "example", "name": "ORDER", "payload": {"user": "john"}}"#.utf8)
        let rejected = try await URLSession.shared.data(for: post)
        #expect((rejected.1 as? HTTPURLResponse)?.statusCode == 400)
        post.httpBody = Data(#"{"project": "example", "name": "ORDER", "payload": {"user": 5}}"#.utf8)
        let created = try await URLSession.shared.data(for: post)
        #expect((created.1 as? HTTPURLResponse)?.statusCode == 201)
        let deadline = ContinuousClock.now + .seconds(90)
        var shown = ""
        while ContinuousClock.now < deadline {
            shown = try await CLI.run(["job", "show", "1", "--home", home.path]).stdout
            if shown.contains("status success") { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(shown.contains(#"result {"user":5}"#))
        let (status, output) = server.stop()
        #expect(status == 0)
        #expect(output.contains("Baton stopped"))
    }

    @Test func runRejectsPayloadAgainstSchema() async throws {
        let home = temporaryFolder()
        _ = try await CLI.run(["init", home.path])
        let run = try await CLI.run(["workflow", "run", "example.ORDER", #"{"user": "john"}"#, "--home", home.path])
        #expect(run.status != 0)
        #expect(run.stderr == "Error: the payload does not match the schema of example.ORDER: 'john' is not of type 'integer'\n")
    }
}

@Suite struct UserAndSeedTests {
    /// Runs `command` under /bin/sh, as a user would paste it.
    private func shell(_ command: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func userCommands() async throws {
        let home = temporaryFolder()
        _ = try await CLI.run(["init", home.path])
        #expect(
            try await CLI.run(["user", "create", "root", "--password", "123", "--home", home.path]).stdout
                == "user root created\n")
        let duplicate = try await CLI.run(["user", "create", "root", "--password", "x", "--home", home.path])
        #expect(duplicate.stderr == "Error: user 'root' already exists\n")
        let both = try await CLI.run(["user", "create", "ann", "--password", "x", "--password-stdin", "--home", home.path])
        #expect(both.stderr.contains("exactly one of --password PW and --password-stdin"))
        #expect(
            try await CLI.run(["user", "update", "ghost", "--password", "x", "--home", home.path]).stderr
                == "Error: no user ghost\n")
        #expect(try await CLI.run(["user", "list", "--home", home.path]).stdout.hasPrefix("root "))
        #expect(try await CLI.run(["user", "delete", "root", "--home", home.path]).stdout == "user root deleted\n")
        #expect(try await CLI.run(["user", "list", "--home", home.path]).stdout == "")
        // --password-stdin, as scripts should use it.
        let piped = try shell("printf 's3cret\\n' | '\(CLI.binary.path)' user create ann --password-stdin --home '\(home.path)'")
        #expect(piped == "user ann created\n")
    }

    /// The curl commands of the seed documents, with this server's address and ids.
    @Test func seedCurlExamplesGetTheDocumentedAnswers() async throws {
        let home = temporaryFolder()
        _ = try await CLI.run(["init", home.path])
        _ = try await CLI.run(["user", "create", "root", "--password", "123", "--home", home.path])
        let server = try await BatonProcess.serve(home: home)
        defer { _ = server.stop() }
        let port = server.port
        let explorer = "127.0.0.1:\(port)"
        let workflowId = try await CLI.run(["workflow", "list", "--home", home.path]).stdout
            .split(separator: "\n").first { $0.hasPrefix("graph.PLAYERS") }!.split(
                separator: " ", omittingEmptySubsequences: true)[2]

        // 000: the JSON-array account; 001: user:password.
        for account in ["WyJyb290IiwiMTIzIl0=", "cm9vdDoxMjM="] {
            let connect = try shell(
                #"curl -s -i -X POST -H "Content-Type: application/json" -H "Authorization: Bearer \#(account)" -d '{"address":"192.168.8.111","port":9669}' http://\#(explorer)/api-open/v1/connect"#
            )
            #expect(connect.hasPrefix("HTTP/1.1 200 OK"))
            #expect(connect.contains("Set-Cookie: explorer_token="))
            #expect(connect.contains("; Path=/; Max-Age=259200; HttpOnly"))
            #expect(connect.hasSuffix(#"{"code":0,"data":{"success":true},"message":"Success"}"#))
        }
        let token = try shell(
            #"curl -s -i -X POST -H "Authorization: Bearer cm9vdDoxMjM=" -d '{"address":"192.168.8.111","port":9669}' http://\#(explorer)/api-open/v1/connect | sed -n 's/^Set-Cookie: explorer_token=\([^;]*\);.*/\1/p'"#
        )
        .trimmingCharacters(in: .whitespacesAndNewlines)
        // 002: add a job, the cookie quoted exactly as the seed quotes it.
        let added = try shell(
            #"curl -s -X POST -H "Content-Type: application/json" -H "Cookie: "explorer_token=\#(token)"" -d '{"input":{"query_1":{"name":"Tim Duncan"}}}' http://\#(explorer)/api-open/v1/workflows/\#(workflowId)/jobs"#
        )
        #expect(added == #"{"code":0,"data":{"id":1},"message":"Success"}"#)
        let deadline = ContinuousClock.now + .seconds(90)
        while ContinuousClock.now < deadline,
            !(try await CLI.run(["job", "show", "1", "--home", home.path]).stdout.contains("status success"))
        {
            try await Task.sleep(for: .milliseconds(50))
        }
        // 003: a workflow's jobs with the URL-encoded filter of the seed.
        let listed = try shell(
            #"curl -s -X GET -H "Content-Type: application/json" -H "Cookie: "explorer_token=\#(token)"" "http://\#(explorer)/api-open/v1/workflows/\#(workflowId)/jobs?filter=%7B%22status%22%3A%202%2C%20%20%22fromCreateTime%22%3A%201657874100000%7D&pageSize=10&page=1""#
        )
        let body = try JSON.parse(listed)
        #expect(body["code"] == 0)
        #expect(body["data"]?["total"] == 1)
        #expect(body["data"]?["Page"] == 1)
        #expect(body["data"]?["PageSize"] == 10)
        #expect(body["data"]?["items"]?[0]?["workflowId"] == .string(String(workflowId)))
        #expect(body["data"]?["items"]?[0]?["status"] == 2)
        // 004: Director's examples.
        #expect(try shell("curl -s http://\(explorer)/api/ping") == #"{"message":"pong"}"#)
        let created = try JSON.parse(
            try shell(
                #"curl -s -X POST -H "Content-Type: application/json" -d '{"project": "example", "name": "ETL", "payload": {}}' http://\#(explorer)/api/workflows"#
            ))
        #expect(created["status"] == "pending")
        #expect(created["fullname"] == "example.ETL")
    }
}

@Suite struct RetryCommandTests {
    @Test func retryRerunsTheFailedTask() async throws {
        let home = temporaryFolder()
        _ = try await CLI.run(["init", home.path])
        _ = try await CLI.run(["workflow", "run", "example.BROKEN", "--home", home.path, "--wait"])
        let retried = try await CLI.run(["job", "retry", "1", "--home", home.path])
        #expect(retried.status == 0)
        #expect(retried.stdout.hasPrefix("job 2 "))
        #expect(retried.stdout.contains("(retry of job 1)"))
        let shown = try await CLI.run(["job", "show", "2", "--home", home.path]).stdout
        #expect(shown.contains(#"EXTRACT                  success   attempt 0"#), "kept, not run again: \(shown)")
        #expect(
            try await CLI.run(["job", "retry", "2", "--home", home.path]).stderr
                == "Error: job 2 is pending: only a failed or interrupted job can be retried\n")
    }
}

@Suite struct RerunCommandTests {
    /// A home whose `t.CHAIN` is A → B → C with a success hook; C fails until `fixed` exists.
    /// `t.HOLD` runs until `release` exists.
    private func home() async throws -> (home: URL, fixed: URL, release: URL) {
        let home = temporaryFolder()
        _ = try await CLI.run(["init", home.path])
        let fixed = home.appendingPathComponent("fixed")
        let release = home.appendingPathComponent("release")
        try """
        A:
          shell: echo "A ran" && echo '"a"' > "$BATON_RESULT"
        B:
          shell: echo "B ran" && echo '"b"' > "$BATON_RESULT"
        C:
          shell: test -f '\(fixed.path)' && echo '"c"' > "$BATON_RESULT"
        NOTIFY:
          shell: echo "job $BATON_JOB_ID succeeded"
        HOLD:
          shell: while [ ! -f '\(release.path)' ]; do sleep 0.05; done
        """.write(to: home.appendingPathComponent("tasks.yml"), atomically: true, encoding: .utf8)
        try """
        t.CHAIN:
          tasks: [A, B, C]
          hooks: {success: NOTIFY}
        t.HOLD:
          tasks: [HOLD]
        """.write(to: home.appendingPathComponent("workflows.yml"), atomically: true, encoding: .utf8)
        return (home, fixed, release)
    }

    private func line(_ show: String, _ key: String) -> String {
        show.split(separator: "\n").map(String.init).first { $0.hasPrefix("  - \(key) ") } ?? "(no line for \(key))"
    }

    @Test func rerunFromAStepRunsItAndWhatIsBelowItAgainInTheSameJob() async throws {
        let (home, fixed, _) = try await home()
        let first = try await CLI.run(["workflow", "run", "t.CHAIN", "--home", home.path, "--wait"])
        #expect(first.status == 1, "C fails the first time: \(first.stdout)\(first.stderr)")
        #expect(
            try await CLI.run(["job", "rerun", "1", "--from", "NOPE", "--home", home.path]).stderr
                == "Error: job 1 has no step 'NOPE'\n")
        #expect(
            try await CLI.run(["job", "rerun", "1", "--from", "NOTIFY", "--home", home.path]).stderr.hasPrefix(
                "Error: 'NOTIFY' is a hook of job 1, not a step"))
        #expect(try await CLI.run(["job", "rerun", "7", "--from", "B", "--home", home.path]).stderr.contains("no job '7'"))

        FileManager.default.createFile(atPath: fixed.path, contents: nil)
        let rerun = try await CLI.run(["job", "rerun", "1", "--from", "B", "--home", home.path, "--wait"])
        #expect(rerun.status == 0, "\(rerun.stdout)\(rerun.stderr)")
        #expect(rerun.stdout.hasPrefix("job 1 running again from step B\n"), "\(rerun.stdout)")
        #expect(rerun.stdout.contains("job 1 success in"), "\(rerun.stdout)")

        let show = try await CLI.run(["job", "show", "1", "--home", home.path]).stdout
        #expect(show.contains("status success"), "\(show)")
        let a = line(show, "A")
        #expect(a.contains("success   attempt 1 ") && a.hasSuffix(#"result "a""#), "A keeps its attempt and result: \(a)")
        #expect(line(show, "B").contains("success   attempt 2 "), "\(show)")
        #expect(line(show, "C").contains("success   attempt 2 "), "\(show)")
        #expect(line(show, "NOTIFY (hook)").contains("success   attempt 1 "), "the hook runs at the new end: \(show)")
        let logs = try await CLI.run(["job", "logs", "1", "--task", "B", "--home", home.path]).stdout
        #expect(logs == "==> B attempt 1 <==\nB ran\n==> B attempt 2 <==\nB ran\n", "earlier logs are kept: \(logs)")
    }

    @Test func rerunRefusesAJobThatIsStillRunning() async throws {
        let (home, _, release) = try await home()
        let worker = try await BatonProcess.start(["worker", "--home", home.path], banner: "worker ")
        defer { if worker.process.isRunning { worker.kill() } }
        #expect(try await CLI.run(["workflow", "run", "t.HOLD", "--home", home.path]).status == 0)
        let deadline = ContinuousClock.now + .seconds(30)
        while try await !CLI.run(["job", "show", "1", "--home", home.path]).stdout.contains("status running") {
            try #require(ContinuousClock.now < deadline, "the job runs within 30 s")
            try await Task.sleep(for: .milliseconds(50))
        }
        let refused = try await CLI.run(["job", "rerun", "1", "--from", "HOLD", "--home", home.path])
        #expect(refused.status != 0)
        #expect(refused.stderr == "Error: job 1 is running: only an ended job can be rerun from a step\n")
        FileManager.default.createFile(atPath: release.path, contents: nil)
        while try await !CLI.run(["job", "show", "1", "--home", home.path]).stdout.contains("status success") {
            try #require(ContinuousClock.now < deadline, "the job ends within 30 s")
            try await Task.sleep(for: .milliseconds(50))
        }
        _ = try await blockingWork { worker.stop() }
    }
}
