import Baton
import BatonEngine
import BatonPostgres
import BatonStore
import Foundation

/// Scaling out: N chains are queued on a fresh database, then P separate `baton worker`
/// processes (this executable's `pg-worker` subcommand: the `baton` command line with the
/// bench's Swift tasks registered) run them. The clock runs from the first child's start until
/// every job has ended, polled every 20 ms. The same with one process on SQLite for comparison.
enum ScaleBench {
    struct Point: Codable {
        var database: String
        var workflow: String
        var processes: Int
        var jobs: Int
        var failedJobs: Int
        var seconds: Double
        var jobsPerSecond: Double
        var tasksPerSecond: Double
        /// CPU seconds of the worker processes, of PostgreSQL's processes, and the machine's busy share (all cores).
        var workerCPUSeconds: Double
        var postgresCPUSeconds: Double
        var machineBusyPercent: Double
    }

    /// `url` without a schema, or with one that is replaced by a throwaway `baton_bench_…`.
    static func run(url: String?, workflow: String, processes: Int, jobs: Int, concurrency: Int, parent: URL) throws -> Point {
        let name = "baton_bench_\(getpid())_\(UUID().uuidString.prefix(8).lowercased())"
        let database: String
        if let url {
            var components = URLComponents(string: url)!
            var items = (components.queryItems ?? []).filter { $0.name != "schema" }
            items.append(URLQueryItem(name: "schema", value: name))
            components.queryItems = items
            database = components.string!
        } else {
            database = "data/baton.sqlite"
        }
        let directory = try BenchHome.create(in: parent, name: "scale")
        defer { try? FileManager.default.removeItem(at: directory) }
        try "database: \(database)\nworkers: \(concurrency)\n".write(
            to: directory.appendingPathComponent("baton.yml"), atomically: true, encoding: .utf8)
        let home = try Home(directory: directory)
        let store = try blocking { try await home.openStore() }
        var children: [Process] = []
        // Every exit path: children die here; if this process dies instead they notice their
        // parent is gone (see `pgWorker`) and exit on their own.
        defer {
            stop(children)
            if let postgres = store as? PostgresStore {
                _ = try? blocking { try await postgres.dropSchema() }
            }
        }
        let service = JobService(store: store, definitions: try home.definitions(swiftTasks: BenchHome.registry().names))
        try blocking {
            for _ in 0..<jobs { _ = try await service.start(workflow: workflow, payload: [:]) }
            // A database in service has planner statistics; a schema filled a moment ago has
            // none until autovacuum's first ANALYZE, a minute later (BENCHMARKS.md).
            if let postgres = store as? PostgresStore { try await postgres.analyze() }
        }
        log("scale \(url == nil ? "sqlite" : "postgres") \(workflow): \(jobs) jobs queued; \(processes) worker process(es)")

        let postgresBefore = postgresCPUTicks()
        let machineBefore = machineTicks()
        let started = nowNanos()
        for index in 0..<processes {
            let child = try ServerProcess.child(
                ["pg-worker", "worker", "--home", directory.path],
                logFile: directory.appendingPathComponent("worker-\(index).log"))
            try child.run()
            children.append(child)
        }
        var ended = 0
        var failed = 0
        while ended < jobs {
            Thread.sleep(forTimeInterval: 0.02)
            (ended, failed) = try blocking { try await EngineBench.ended(store) }
            if let dead = children.first(where: { !$0.isRunning }) {
                throw HTTPConnection.Failure(
                    description: "worker \(dead.processIdentifier) exited (\(dead.terminationStatus)); see \(directory.path)")
            }
        }
        let seconds = Double(nowNanos() - started) / 1e9
        let machineAfter = machineTicks()
        let postgresAfter = postgresCPUTicks()
        let workerTicks = children.map { processTicks(pid: $0.processIdentifier) }.reduce(0, +)
        let postgresTicks = postgresAfter.reduce(0) { sum, entry in sum + entry.value - (postgresBefore[entry.key] ?? 0) }
        let hertz = Double(sysconf(Int32(_SC_CLK_TCK)))
        let busy = Double(machineAfter.busy - machineBefore.busy) / Double(max(1, machineAfter.total - machineBefore.total))
        return Point(
            database: url == nil ? "SQLite" : "PostgreSQL", workflow: workflow, processes: processes, jobs: jobs,
            failedJobs: failed,
            seconds: seconds, jobsPerSecond: Double(jobs) / seconds, tasksPerSecond: Double(jobs * 3) / seconds,
            workerCPUSeconds: Double(workerTicks) / hertz, postgresCPUSeconds: Double(max(0, postgresTicks)) / hertz,
            machineBusyPercent: 100 * busy)
    }

    /// SIGTERM, a few seconds to hand back, then SIGKILL.
    static func stop(_ children: [Process]) {
        for child in children where child.isRunning { kill(child.processIdentifier, SIGTERM) }
        let deadline = Date().addingTimeInterval(5)
        while children.contains(where: \.isRunning) && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        for child in children where child.isRunning { kill(child.processIdentifier, SIGKILL) }
        for child in children { child.waitUntilExit() }
    }

    /// The child: exits as soon as its parent is gone (whatever killed the parent), then runs the
    /// `baton` command line with the bench's tasks.
    static func pgWorker(arguments: [String]) throws {
        let parent = getppid()
        let watchdog = Thread {
            while getppid() == parent { usleep(200_000) }
            _exit(3)
        }
        watchdog.start()
        try blocking { await Baton.main(tasks: BenchHome.registry(), arguments: arguments) }
    }

    /// utime + stime of a process, in clock ticks.
    static func processTicks(pid: Int32) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return 0 }
        // Fields after "(comm)": state is field 3; utime and stime are fields 14 and 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13 else { return 0 }
        return (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)
    }

    /// CPU ticks of every process named `postgres`, by pid.
    static func postgresCPUTicks() -> [Int32: Int] {
        var result: [Int32: Int] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry),
                let comm = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8),
                comm.hasPrefix("postgres")
            else { continue }
            result[pid] = processTicks(pid: pid)
        }
        return result
    }

    /// Busy and total ticks of all cores, from /proc/stat.
    static func machineTicks() -> (busy: Int, total: Int) {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            let line = text.split(separator: "\n").first
        else { return (0, 0) }
        let values = line.split(separator: " ").dropFirst().compactMap { Int($0) }
        guard values.count >= 5 else { return (0, 0) }
        let total = values.prefix(8).reduce(0, +)
        let idle = values[3] + values[4]
        return (total - idle, total)
    }
}
