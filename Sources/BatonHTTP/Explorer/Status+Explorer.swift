import BatonCore

/// Explorer's numeric codes for Baton's states, as its `status` fields and its `filter.status`
/// show them: 0 pending, 1 running, 2 success, 3 failed, 4 interrupted (or canceled), 5 stopping.
extension JobStatus {
    /// The job's state as Explorer's `status` number.
    public var code: Int { rawValue }
}

extension TaskStatus {
    /// The task's state as Explorer's `status` number; a ready task, waiting only for a worker,
    /// is still pending (0), a waiting step running (1), a skipped one a success (2, SPEC §13).
    public var code: Int {
        switch self {
        case .ready: return 0
        case .waiting: return 1
        case .skipped: return 2
        default: return rawValue
        }
    }
}
