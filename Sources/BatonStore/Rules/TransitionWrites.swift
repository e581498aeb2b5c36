import BatonCore

/// The rows a state-machine transition writes, decided once for every backend: which columns
/// of which task and job rows change, and whether the job's failure hook is inserted. A
/// backend turns these into SQL and decides nothing itself. Times are epoch milliseconds.
public struct TransitionWrites: Sendable, Equatable {
    /// New values for one task row.
    public struct TaskRow: Sendable, Equatable {
        public var id: Int64
        public var status: TaskStatus
        public var failures: Int
        public var runAfter: Int64
        public var cancelRequested: Bool
        /// Set `ready_at` to this (the task became ready now: the dispatch-latency clock
        /// starts); nil leaves the column as it is.
        public var readyAt: Int64?
        /// Set `ended` to this unless it is already set (the first end counts); nil leaves it.
        public var endedIfUnset: Int64?
        /// Clear `worker` and `lease_until`: the task is no longer running, so nobody holds it.
        public var releasesLease: Bool
    }

    /// New values for the job row.
    public struct JobRow: Sendable, Hashable {
        public var status: JobStatus
        /// Set `started` to this unless it is already set; nil leaves it.
        public var startedIfUnset: Int64?
        /// Set `ended` to this; nil leaves it.
        public var ended: Int64?

        /// The job row for a job that moved to `status` at `now`.
        public init(status: JobStatus, now: Int64) {
            self.status = status
            startedIfUnset = status == .running ? now : nil
            ended = status.isTerminal ? now : nil
        }
    }

    public var tasks: [TaskRow]
    public var job: JobRow?
    /// Insert the job's stored failure hook with this status (`JobMachine.failureHookStatus`).
    public var failureHook: TaskStatus?

    /// The writes for what a transition changed, at `now`.
    public init(_ changes: JobChanges, now: Int64) {
        tasks = changes.tasks.map { task in
            TaskRow(
                id: task.id, status: task.status, failures: task.failures, runAfter: task.runAfter,
                cancelRequested: task.cancelRequested, readyAt: task.status == .ready ? now : nil,
                endedIfUnset: task.status.isFinished ? now : nil, releasesLease: task.status != .running)
        }
        job = changes.jobStatus.map { JobRow(status: $0, now: now) }
        failureHook = changes.failureHook
    }

    /// The job row a claim writes for a job in `status` whose ready tasks it started at `now`
    /// (`JobMachine.claimed(jobStatus:)`), nil when the job row stays as it is.
    public static func claimed(jobStatus status: JobStatus, now: Int64) -> JobRow? {
        JobMachine.claimed(jobStatus: status).map { JobRow(status: $0, now: now) }
    }

    /// The `ready_at` of a task inserted with `status`: one inserted ready (a failure hook)
    /// became ready now; others have not yet (0).
    public static func readyAt(insertedWith status: TaskStatus, now: Int64) -> Int64 {
        status == .ready ? now : 0
    }
}
