import BatonCore

/// What a rerun from a step writes besides its transition's `TransitionWrites`, decided once for
/// every backend. The transition sets the reset tasks' status, failures and the job's status;
/// this clears what the earlier run left, so a reset task looks as if it never ran until its new
/// attempt (the attempt counter and the logs of earlier attempts stay).
public struct RerunWrites: Sendable, Equatable {
    /// Tasks whose `result`, `error`, `started`, `ended`, `worker` and `lease_until` become NULL
    /// and whose result rows are deleted: rows are part of a result, and a new attempt that
    /// records none, or fails, must not show the old ones.
    public var clearedTasks: [Int64]
    /// The job's `ended` becomes NULL: it is running again.
    public var clearsJobEnd: Bool

    /// The writes for a rerun that changed `changes`: every task it changed was reset.
    public init(_ changes: JobChanges) {
        clearedTasks = changes.tasks.filter { $0.status == .pending || $0.status == .ready }.map(\.id).sorted()
        clearsJobEnd = changes.jobStatus == .running
    }
}
