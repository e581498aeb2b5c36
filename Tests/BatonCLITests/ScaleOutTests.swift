import BatonCore
import BatonPostgres
import BatonStore
import Foundation
import Testing
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Several `baton` processes on one PostgreSQL database (`BATON_TEST_POSTGRES`, which `.ci/run`
/// starts), each test in a schema of its own. Every task appends "job task attempt pid" to a
/// ledger in the home, so the tests see which process ran which attempt.
@Suite(
    .enabled(
        if: ProcessInfo.processInfo.environment["BATON_TEST_POSTGRES"] != nil,
        "set BATON_TEST_POSTGRES to a PostgreSQL address"), .serialized, .timeLimit(.minutes(3)))
struct ScaleOutTests {
    static let jobs = Int(ProcessInfo.processInfo.environment["SCALE_JOBS"] ?? "") ?? 1000

    /// A home on a fresh schema, with `workflows` and a ledger-writing task for each of `tasks`.
    final class Cluster {
        let home: URL
        let store: PostgresStore
        var processes: [BatonProcess] = []

        /// A test that failed half-way leaves no process behind.
        deinit {
            for process in processes { process.stop() }
        }

        /// `leaseSeconds`: short by default, so that a killed process's tasks come back soon; a
        /// test that counts attempts exactly gives leases that a loaded machine cannot let lapse.
        init(workflows: String, tasks: [String: String] = [:], settings: String = "", leaseSeconds: Int = 2) async throws {
            home = temporaryFolder()
            try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
            let schema = "t_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
            let url = ProcessInfo.processInfo.environment["BATON_TEST_POSTGRES"]! + "?schema=\(schema)"
            store = PostgresStore(address: try PostgresAddress(url))
            try workflows.write(to: home.appendingPathComponent("workflows.yml"), atomically: true, encoding: .utf8)
            let ledger = #"  shell: echo "$BATON_JOB_ID $BATON_TASK_KEY $BATON_ATTEMPT $PPID" >> ledger"#
            try tasks.map { "\($0.key):\n\(ledger)\($0.value)\n" }.joined()
                .write(to: home.appendingPathComponent("tasks.yml"), atomically: true, encoding: .utf8)
            try "database: \(url)\nworkers: 8\nlease_seconds: \(leaseSeconds)\ncancel_grace: 1\n\(settings)"
                .write(to: home.appendingPathComponent("baton.yml"), atomically: true, encoding: .utf8)
        }

        func serve(_ arguments: [String] = []) async throws -> BatonProcess {
            let process = try await BatonProcess.serve(home: home, arguments: arguments)
            processes.append(process)
            return process
        }

        func worker(_ arguments: [String] = []) async throws -> BatonProcess {
            let process = try await BatonProcess.start(["worker", "--home", home.path] + arguments, banner: "worker ")
            processes.append(process)
            return process
        }

        /// Starts `count` jobs of `project.name` through the Director API, 8 requests at a time.
        func post(_ count: Int, project: String, name: String, port: Int) async throws -> [String] {
            try await withThrowingTaskGroup(of: [String].self) { group in
                for lane in 0..<8 {
                    group.addTask {
                        var ids: [String] = []
                        for _ in stride(from: lane, to: count, by: 8) {
                            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/workflows")!)
                            request.httpMethod = "POST"
                            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                            request.httpBody = Data(#"{"project": "\#(project)", "name": "\#(name)", "payload": {}}"#.utf8)
                            let (data, response) = try await URLSession.shared.data(for: request)
                            guard (response as? HTTPURLResponse)?.statusCode == 201,
                                let id = try JSON.parse(data)["id"]?.stringValue
                            else { throw CLIFailure(description: "POST answered \(String(decoding: data, as: UTF8.self))") }
                            ids.append(id)
                        }
                        return ids
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
        }

        /// Waits until `count` jobs succeeded, at most `seconds`.
        func waitForSuccess(_ count: Int, seconds: Int = 120) async throws {
            let deadline = ContinuousClock.now + .seconds(seconds)
            while try await store.jobList(JobQuery(status: .success, limit: 0)).total < count {
                guard ContinuousClock.now < deadline else {
                    let done = try await store.jobList(JobQuery(status: .success, limit: 0)).total
                    throw CLIFailure(description: "\(done) of \(count) jobs succeeded within \(seconds) s")
                }
                try await Task.sleep(for: .milliseconds(100))
            }
        }

        /// Ledger lines: job, task, attempt, pid of the baton process that ran it.
        func ledger() throws -> [[String]] {
            let text = (try? String(contentsOf: home.appendingPathComponent("ledger"), encoding: .utf8)) ?? ""
            return text.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }.filter { $0.count == 4 }
        }

        func stop() async throws {
            for process in processes { process.stop() }
            try await store.dropSchema()
        }
    }

    static let flow = """
        scale.FLOW:
          tasks: [STEP_A, STEP_B, STEP_C]
        """

    @Test func threeProcessesRunAThousandJobsEachAttemptOnce() async throws {
        let cluster = try await Cluster(
            workflows: Self.flow, tasks: ["STEP_A": "", "STEP_B": "", "STEP_C": ""], leaseSeconds: 30)
        let api = try await cluster.serve()
        let workers = [try await cluster.worker(), try await cluster.worker()]
        let started = ContinuousClock.now
        let ids = try await cluster.post(Self.jobs, project: "scale", name: "FLOW", port: api.port)
        try await cluster.waitForSuccess(Self.jobs)
        let elapsed = ContinuousClock.now - started
        let runs = try cluster.ledger()
        try await cluster.stop()

        #expect(Set(ids).count == Self.jobs)
        let attempts = runs.map { "\($0[0]) \($0[1])" }
        #expect(attempts.count == Self.jobs * 3, "every task ran once, none twice")
        #expect(Set(attempts).count == attempts.count, "no task ran twice")
        #expect(Set(runs.map { $0[0] }) == Set(ids), "every accepted job ran")
        let perProcess = Dictionary(grouping: runs, by: { $0[3] }).mapValues(\.count)
        let pids = Set([api, workers[0], workers[1]].map { String($0.process.processIdentifier) })
        #expect(Set(perProcess.keys).isSubset(of: pids), "only our three processes ran tasks")
        print(
            "scale-out: \(Self.jobs) jobs, \(runs.count) tasks by 3 processes in \(elapsed): \(perProcess.sorted { $0.key < $1.key }.map { "\($0.value)" }.joined(separator: " + "))"
        )
    }

    @Test func killingOneProcessMidRunLosesNothing() async throws {
        let cluster = try await Cluster(
            workflows: Self.flow, tasks: ["STEP_A": "; sleep 0.05", "STEP_B": "; sleep 0.05", "STEP_C": "; sleep 0.05"])
        let api = try await cluster.serve()
        let victim = try await cluster.worker()
        _ = try await cluster.worker()
        let count = 200
        let ids = try await cluster.post(count, project: "scale", name: "FLOW", port: api.port)
        // Pull the plug on a worker while it holds running tasks.
        let deadline = ContinuousClock.now + .seconds(90)
        while !(try cluster.ledger().contains { $0[3] == String(victim.process.processIdentifier) }) {
            #expect(ContinuousClock.now < deadline, "the victim ran something")
            try await Task.sleep(for: .milliseconds(20))
        }
        victim.kill()
        try await cluster.waitForSuccess(count)
        let runs = try cluster.ledger()
        try await cluster.stop()
        let ran = Set(runs.map { "\($0[0]) \($0[1])" })
        let missing = ids.flatMap { id in ["STEP_A", "STEP_B", "STEP_C"].map { "\(id) \($0)" } }.filter { !ran.contains($0) }
        #expect(missing.isEmpty, "tasks that never ran: \(missing.prefix(5))")
        print("kill: \(count) jobs, 1 of 3 processes SIGKILLed, \(runs.count) attempts for \(ran.count) tasks")
    }

    @Test func queuesRouteTasksOnlyToTheirWorkers() async throws {
        let cluster = try await Cluster(
            workflows: """
                scale.ROUTED:
                  tasks: [ON_GPU, ON_CPU]
                  queue: {default: cpu, customs: {ON_GPU: gpu}}
                """, tasks: ["ON_GPU": "", "ON_CPU": ""])
        let api = try await cluster.serve(["--no-workers"])
        let gpu = try await cluster.worker(["--queues", "gpu"])
        let cpu = try await cluster.worker(["--queues", "cpu,other", "--concurrency", "2"])
        _ = try await cluster.post(20, project: "scale", name: "ROUTED", port: api.port)
        try await cluster.waitForSuccess(20)
        let runs = try cluster.ledger()
        try await cluster.stop()
        #expect(runs.count == 40)
        let gpuPid = String(gpu.process.processIdentifier)
        let cpuPid = String(cpu.process.processIdentifier)
        #expect(runs.filter { $0[1] == "ON_GPU" }.allSatisfy { $0[3] == gpuPid })
        #expect(runs.filter { $0[1] == "ON_CPU" }.allSatisfy { $0[3] == cpuPid })
    }

    @Test func migrateNamesTheDatabaseWithoutItsPassword() async throws {
        let cluster = try await Cluster(workflows: Self.flow, tasks: ["STEP_A": "", "STEP_B": "", "STEP_C": ""])
        let url = ProcessInfo.processInfo.environment["BATON_TEST_POSTGRES"]!
        let migrated = try await CLI.run(["db", "migrate", "--home", cluster.home.path])
        #expect(migrated.status == 0, "\(migrated.stderr)")
        #expect(migrated.stdout.contains("is up to date"))
        #expect(!migrated.stdout.contains(":baton@"), "no password: \(migrated.stdout)")
        let wrong = try await CLI.run(["job", "list", "--home", cluster.home.path, "--database", url + "?schema=Bad-Name"])
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("lowercase identifier"), "\(wrong.stderr)")
        #expect(!wrong.stderr.contains(":baton@"))
        try await cluster.stop()
    }

    @Test func aScheduleFiresOncePerSlotWithThreeProcesses() async throws {
        let cluster = try await Cluster(
            workflows: """
                scale.TICK:
                  tasks: [TOCK]
                  periodic: {interval: 1}
                """, tasks: ["TOCK": ""])
        for _ in 0..<3 { _ = try await cluster.serve() }
        try await cluster.waitForSuccess(4, seconds: 30)
        let jobs = try await cluster.store.jobList(JobQuery(workflow: "scale.TICK", limit: 1000)).jobs
        try await cluster.stop()
        // Each job's creation falls in its own one-second slot.
        let slots = jobs.map { $0.created / 1000 }
        #expect(Set(slots).count == jobs.count, "one job per slot: \(slots.sorted())")
        #expect(jobs.allSatisfy { $0.periodic })
    }
}
