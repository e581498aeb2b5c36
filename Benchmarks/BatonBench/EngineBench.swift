import Baton
import BatonEngine
import BatonStore
import Foundation

/// The engine alone, in this process, on a fresh home: no HTTP in the way.
enum EngineBench {
    struct Throughput: Codable {
        var workflow: String
        var jobs: Int
        var tasks: Int
        var failedJobs: Int
        var seconds: Double
        var jobsPerSecond: Double
        var tasksPerSecond: Double
        var concurrency: Int
        /// Parent committed → child started, while the engine is saturated.
        var dispatchUnderLoad: Latency?
        /// Peak RSS of this benchmark process so far (engine, store and the bench's own bookkeeping).
        var processPeakMB: Double
    }

    struct Dispatch: Codable {
        /// Parent's outcome committed → child's body started.
        var commitToStart: Latency
        /// Parent's body returned → child's body started (includes the durable commit).
        var returnToStart: Latency
    }

    private struct Setup {
        let home: Home
        let store: TimingStore
        let service: JobService
        let engine: Engine
        let recorder: StartRecorder
    }

    private static func setup(parent: URL, name: String, concurrency: Int) async throws -> Setup {
        let recorder = StartRecorder()
        let registry = BenchHome.registry(recorder: recorder)
        let home = try Home(directory: try BenchHome.create(in: parent, name: name))
        let store = TimingStore(try await home.openStore())
        let engine = Engine(store: store, registry: registry, configuration: home.engineConfiguration(concurrency: concurrency))
        let service = JobService(store: store, definitions: try home.definitions(swiftTasks: registry.names), engine: engine)
        return Setup(home: home, store: store, service: service, engine: engine, recorder: recorder)
    }

    /// `jobs` jobs of `workflow` (a 3-task chain) are queued first, then one engine runs them all.
    static func throughput(parent: URL, workflow: String, jobs: Int, concurrency: Int) async throws -> Throughput {
        let setup = try await setup(parent: parent, name: "engine-\(workflow)", concurrency: concurrency)
        defer { try? FileManager.default.removeItem(at: setup.home.directory) }
        var numbers: [Int64] = []
        for _ in 0..<jobs { numbers.append(try await setup.service.start(workflow: workflow, payload: [:]).number) }
        log("engine \(workflow): \(jobs) jobs queued; running them")

        let started = nowNanos()
        let running = Task { try await setup.engine.run() }
        var ended = 0
        var failed = 0
        while ended < jobs {
            try await Task.sleep(for: .milliseconds(10))
            (ended, failed) = try await Self.ended(setup.store)
        }
        let seconds = Double(nowNanos() - started) / 1e9
        running.cancel()
        _ = try? await running.value
        return Throughput(
            workflow: workflow, jobs: jobs, tasks: jobs * 3, failedJobs: failed, seconds: seconds,
            jobsPerSecond: Double(jobs) / seconds, tasksPerSecond: Double(jobs * 3) / seconds, concurrency: concurrency,
            dispatchUnderLoad: workflow == "bench.CHAIN" ? dispatch(setup, numbers).commitToStart : nil,
            processPeakMB: processMemory(pid: getpid()).peak)
    }

    /// One chain at a time, each submitted when the one before has ended: the latency of an idle engine.
    static func dispatch(parent: URL, jobs: Int) async throws -> Dispatch {
        let setup = try await setup(parent: parent, name: "dispatch", concurrency: 16)
        defer { try? FileManager.default.removeItem(at: setup.home.directory) }
        let running = Task { try await setup.engine.run() }
        var numbers: [Int64] = []
        for _ in 0..<jobs {
            let number = try await setup.service.start(workflow: "bench.CHAIN", payload: [:]).number
            numbers.append(number)
            let deadline = nowNanos() + 10_000_000_000
            while setup.store.committed(job: number, key: "C") == nil && nowNanos() < deadline {
                try await Task.sleep(for: .microseconds(200))
            }
        }
        running.cancel()
        _ = try? await running.value
        return dispatch(setup, numbers)
    }

    private static func dispatch(_ setup: Setup, _ numbers: [Int64]) -> Dispatch {
        var fromCommit: [UInt64] = []
        var fromReturn: [UInt64] = []
        for number in numbers {
            for (parent, child) in [("A", "B"), ("B", "C")] {
                guard let start = setup.recorder.times(job: number, key: child)?.start else { continue }
                if let commit = setup.store.committed(job: number, key: parent), start >= commit {
                    fromCommit.append(start - commit)
                }
                if let end = setup.recorder.times(job: number, key: parent)?.end, start >= end {
                    fromReturn.append(start - end)
                }
            }
        }
        return Dispatch(commitToStart: Latency(nanos: fromCommit), returnToStart: Latency(nanos: fromReturn))
    }

    /// Jobs that have ended (succeeded or failed), and of those the failed ones.
    static func ended(_ store: any Store) async throws -> (ended: Int, failed: Int) {
        let succeeded = try await store.jobList(JobQuery(status: .success, limit: 0)).total
        let failed = try await store.jobList(JobQuery(status: .failed, limit: 0)).total
        return (succeeded + failed, failed)
    }
}
