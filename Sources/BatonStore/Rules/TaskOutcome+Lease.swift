import BatonCore

extension TaskOutcome {
    /// Whether this outcome counts for a task stored as `status`, leased to `worker` for
    /// `attempt`: only the worker holding that very attempt may end it. After its lease expired,
    /// another worker may be running the task again, and a late outcome must change nothing.
    public func counts(status: TaskStatus, worker: String?, attempt: Int) -> Bool {
        status == .running && worker == self.worker && attempt == self.attempt
    }
}
