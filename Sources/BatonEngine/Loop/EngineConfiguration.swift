import BatonCore
import BatonStore
import Foundation

public struct EngineConfiguration: Sendable {
    /// Identifies this engine's leases; unique per process.
    public var worker: String
    /// Tasks run at once.
    public var concurrency: Int
    /// Queues to take tasks from; nil: every queue.
    public var queues: [String]?
    /// Only run tasks of this job (a CLI waiting for the job it started).
    public var onlyJob: Int64?
    public var leaseSeconds: Double
    /// Seconds between SIGTERM and SIGKILL when a task is stopped.
    public var cancelGrace: Double
    /// Seconds running tasks get to finish when the engine stops, before they are stopped too.
    public var shutdownGrace: Double
    /// Where shell tasks run (relative `workdir`s start here).
    public var homeDirectory: URL
    /// Where running tasks keep their logs and result files.
    public var runDirectory: URL
    /// How often an idle engine looks for work other processes added.
    public var idlePoll: Duration
    /// baton.yml's read-only `connections`, by name, which `sql` tasks query.
    public var connections: [String: any QueryConnection] = [:]
    /// The last bytes of a task's log kept, beside its first `LogTail.headBytes` (SPEC §10).
    public var logMaxBytes: Int
    /// baton.yml's `max_fanout`: a fan-out step with more items fails (SPEC §13).
    public var maxFanout = FanOut.defaultMaxFanout
    /// baton.yml's `pools`: name → how many tasks of the pool may run at once in all processes
    /// on the database (SPEC §13).
    public var pools: [String: Int] = [:]
    /// The definitions sub-workflow steps start jobs of (SPEC §13); nil: such steps fail.
    public var definitions: DefinitionSet?

    public init(
        worker: String = EngineConfiguration.uniqueWorkerName(),
        concurrency: Int = 16, queues: [String]? = nil, onlyJob: Int64? = nil, leaseSeconds: Double = 30,
        cancelGrace: Double = 10, shutdownGrace: Double = 10, logMaxBytes: Int = LogTail.defaultTailBytes,
        homeDirectory: URL, runDirectory: URL, idlePoll: Duration = .milliseconds(250)
    ) {
        self.worker = worker
        self.concurrency = max(1, concurrency)
        self.queues = queues
        self.onlyJob = onlyJob
        self.leaseSeconds = leaseSeconds
        self.cancelGrace = cancelGrace
        self.shutdownGrace = shutdownGrace
        self.homeDirectory = homeDirectory
        self.runDirectory = runDirectory
        self.idlePoll = idlePoll
        self.logMaxBytes = logMaxBytes
    }

    /// host:pid:start:random — readable in lease columns, unique per engine, and telling a
    /// restarted process which leases belonged to dead processes of its own machine. The
    /// process's start time (clock ticks after boot) tells it from a later process that got the
    /// same pid: pids wrap around quickly on a busy machine (32,768 by default).
    public static func uniqueWorkerName() -> String {
        "\(hostName):\(getpid()):\(ProcStat.ownStartTime):\(Identifiers.randomUUID().uuidString.prefix(8).lowercased())"
    }

    /// `gethostname` rather than `ProcessInfo.hostName`, which may wait on DNS.
    static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count - 1)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether `worker` names an engine of a process of this machine that no longer exists.
    static func isDeadLocalWorker(_ worker: String) -> Bool {
        let parts = worker.split(separator: ":")
        guard parts.count == 4, parts[0] == hostName, let pid = pid_t(parts[1]), let start = UInt64(parts[2]),
            pid != getpid() || start != ProcStat.ownStartTime
        else { return false }
        // Gone, a zombie its parent has not reaped yet, or another process that reused the pid.
        guard let process = ProcStat(pid: pid) else { return true }
        return process.state == "Z" || process.startTime != start
    }
}
