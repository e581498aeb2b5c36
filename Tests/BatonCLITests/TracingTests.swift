import Baton
import BatonCore
import BatonEngine
import BatonStore
import BatonTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// SPEC §14 tracing: with `tracing.otlp_endpoint` set, `baton worker` and `baton serve` send a
/// span per job and per task attempt to an OTLP/HTTP collector, all in the trace named by the
/// job's UUID; shell tasks see the attempt's `TRACEPARENT`, http tasks send it as a header.
@Suite struct TracingTests {
    private static let tasks = #"""
        ECHO:
          shell: |
            printf '"%s"' "$TRACEPARENT" > "$BATON_RESULT"
        BROKEN:
          shell: exit 3
        """#

    private static let workflows = """
        t.TRACED:
          tasks:
            - {id: shell, task: ECHO}
            - {id: call, task: CALL, needs: [shell]}
            - {id: broken, task: BROKEN, needs: [call]}
        """

    /// The job span's id by the documented rule: FNV-1a 64 over the UUID's 16 bytes, big-endian.
    private static func jobSpanID(_ uuid: UUID) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in withUnsafeBytes(of: uuid.uuid, Array.init) {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return String(format: "%016llx", hash)
    }

    @Test(arguments: ["worker", "serve"])
    func processSendsJobAndAttemptSpansAndHandsOnTraceparent(command: String) async throws {
        let receiver = try await OTLPReceiver()
        let home = try await TestHome(
            workflows: Self.workflows,
            tasks: Self.tasks + "\n" + """
                CALL:
                  http: {method: POST, url: "http://127.0.0.1:\(receiver.port)/hook", body: {}}
                """,
            settings: "tracing:\n  otlp_endpoint: http://127.0.0.1:\(receiver.port)\n")
        let process =
            command == "worker"
            ? try await BatonProcess.start(["worker", "--home", home.directory.path], banner: "worker ")
            : try await BatonProcess.serve(home: home.directory)
        let job = try await home.service().start(workflow: "t.TRACED", payload: [:])
        var ended: JobRecord?
        try await eventually(timeout: .seconds(30)) {
            ended = try await home.store.jobGet(number: job.number)
            return ended?.status.isTerminal == true
        }
        // The spans are sent on the way out: once the process has exited, all are there.
        let stopped = try await blockingWork { process.stop() }
        #expect(stopped.status == 0)
        await receiver.stop()

        let trace = job.uuid.uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let spans = receiver.spans
        #expect(spans.count == 4, "\(spans)")
        let jobSpan = try #require(spans.first { $0.name == "job t.TRACED" }, "\(spans)")
        #expect(jobSpan.traceID == trace)
        #expect(jobSpan.spanID == Self.jobSpanID(job.uuid))
        #expect(jobSpan.parentSpanID == "")
        #expect(jobSpan.attributes["baton.job.number"] == "\(job.number)")
        #expect(jobSpan.attributes["baton.job.status"] == "failed")
        #expect(jobSpan.statusCode == 2)

        let tasks = try await home.store.taskList(job: job.number)
        for (key, kind, status) in [("shell", "shell", "success"), ("call", "http", "success"), ("broken", "shell", "failed")] {
            let span = try #require(spans.first { $0.name == "task \(key)" }, "\(key): \(spans)")
            #expect(span.traceID == trace, "\(key)")
            #expect(span.parentSpanID == jobSpan.spanID, "\(key)")
            #expect(span.attributes["baton.job.number"] == "\(job.number)", "\(key)")
            #expect(span.attributes["baton.job.uuid"] == job.uuid.uuidString.lowercased(), "\(key)")
            #expect(span.attributes["baton.task.key"] == key)
            #expect(span.attributes["baton.task.attempt"] == "1", "\(key)")
            #expect(span.attributes["baton.task.kind"] == kind, "\(key)")
            #expect(span.attributes["baton.task.status"] == status, "\(key)")
            #expect(span.statusCode == (status == "failed" ? 2 : 0), "\(key)")
            let traceparent = "00-\(trace)-\(span.spanID)-01"
            switch key {
            case "shell": #expect(tasks.named("shell").result == JSON.string(traceparent))
            case "call": #expect(receiver.hookTraceparents == [traceparent])
            default: break
            }
        }
    }

    /// A job cancelled before anything ran ends in the API process, not in an engine: that
    /// process sends its span (here an API-only node).
    @Test func aJobCancelledBeforeItRanHasItsSpan() async throws {
        let receiver = try await OTLPReceiver()
        let home = try await TestHome(
            workflows: Self.workflows, tasks: Self.tasks + "\nCALL:\n  shell: 'true'\n",
            settings: "tracing:\n  otlp_endpoint: http://127.0.0.1:\(receiver.port)\n")
        let server = try await BatonProcess.serve(home: home.directory, arguments: ["--no-workers"])
        let job = try await home.service().start(workflow: "t.TRACED", payload: [:])
        var cancel = URLRequest(
            url: URL(string: "http://127.0.0.1:\(server.port)/api/workflows/\(job.uuid.uuidString.lowercased())/cancel")!)
        cancel.httpMethod = "POST"
        let (_, response) = try await URLSession.shared.data(for: cancel)
        #expect((response as? HTTPURLResponse)?.statusCode == 201)
        #expect(try await home.store.jobGet(number: job.number)?.status == .interrupted)
        let stopped = try await blockingWork { server.stop() }
        #expect(stopped.status == 0)
        await receiver.stop()
        let spans = receiver.spans
        #expect(spans.count == 1, "only the job's: no task ran")
        let jobSpan = try #require(spans.first { $0.name == "job t.TRACED" }, "\(spans)")
        #expect(jobSpan.traceID == job.uuid.uuidString.lowercased().replacingOccurrences(of: "-", with: ""))
        #expect(jobSpan.spanID == Self.jobSpanID(job.uuid))
        #expect(jobSpan.attributes["baton.job.status"] == "interrupted")
    }

    /// `baton workflow run --wait` runs the job in the CLI's own engine: its spans go too.
    @Test func workflowRunWaitSendsItsSpans() async throws {
        let receiver = try await OTLPReceiver()
        let home = try await TestHome(
            workflows: "t.ONE:\n  tasks: [ECHO]\n", tasks: Self.tasks,
            settings: "tracing:\n  otlp_endpoint: http://127.0.0.1:\(receiver.port)\n")
        let run = try await CLI.run(["workflow", "run", "t.ONE", "--wait", "--home", home.directory.path])
        #expect(run.status == 0, "\(run.stderr)")
        await receiver.stop()
        #expect(Set(receiver.spans.map(\.name)) == ["job t.ONE", "task ECHO"], "\(receiver.spans)")
    }

    /// Tracing off: no exporter, but a task still gets a `traceparent`: the job's trace and span
    /// ids (derivable), flags 00 (not sampled).
    @Test func withoutTracingTasksGetTheJobTraceparentNotSampled() async throws {
        let home = try await TestHome(
            workflows: """
                t.PLAIN:
                  tasks:
                    - {id: shell, task: ECHO}
                """, tasks: Self.tasks)
        #expect(home.home.configuration.tracing == nil)
        let (job, tasks) = try await home.run("t.PLAIN")
        let trace = job.uuid.uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        #expect(tasks.named("shell").result == JSON.string("00-\(trace)-\(Self.jobSpanID(job.uuid))-00"))
    }

    @Test func endpointMustBeAnHTTPURL() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-tracing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("baton.yml")
        for bad in ["collector:4318", "ftp://host:4318", "http://user:secret@host:4318", "http://", "http://host:4318/?a=1"] {
            try "tracing:\n  otlp_endpoint: \"\(bad)\"\n".write(to: file, atomically: true, encoding: .utf8)
            #expect {
                try Configuration.load(file: file, environment: [:])
            } throws: { error in
                let text = "\(error)"
                return text.hasPrefix("baton.yml:2: 'tracing.otlp_endpoint' must be an http:// or https:// URL")
                    && !text.contains("secret")
            }
        }
        try "tracing:\n  otlp_endpoint: https://collector.example:4318/\n".write(to: file, atomically: true, encoding: .utf8)
        let settings = try #require(try Configuration.load(file: file, environment: [:]).tracing)
        #expect(settings.tracesURL.absoluteString == "https://collector.example:4318/v1/traces")
        let fromEnvironment = try Configuration.load(
            file: folder.appendingPathComponent("none.yml"),
            environment: ["BATON_TRACING_OTLP_ENDPOINT": "http://127.0.0.1:4318"])
        #expect(fromEnvironment.tracing?.tracesURL.absoluteString == "http://127.0.0.1:4318/v1/traces")
        #expect(try Configuration.load(file: folder.appendingPathComponent("none.yml"), environment: [:]).tracing == nil)
    }
}
