import BatonCore

/// Explorer's numeric codes for Baton's states, as its `status` fields and its `filter.status`
/// show them: 0 pending, 1 running, 2 success, 3 failed, 4 interrupted (or canceled), 5 stopping.
extension JobStatus {
    /// The job's state as Explorer's `status` number.
    public var code: Int { rawValue }
}

extension TaskStatus {
    /// The task's state as Explorer's `status` number; a ready task, waiting only for a worker,
    /// is still pending (0).
    public var code: Int { self == .ready ? 0 : rawValue }
}
