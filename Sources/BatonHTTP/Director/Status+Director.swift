import BatonCore

/// Director's words for Baton's states, as its `status` fields show them (Celery's: a running
/// task is `progress`, a failed one `error`).
extension JobStatus {
    /// A job that is stopping already shows as `canceled`: Director has no word for the wait.
    var directorName: String {
        switch self {
        case .pending: return "pending"
        case .running: return "progress"
        case .success: return "success"
        case .failed: return "error"
        case .interrupted, .stopping: return "canceled"
        }
    }
}

extension TaskStatus {
    /// A ready task, waiting only for a worker, is still `pending` to Director; a step waiting
    /// for its fan-out instances or sub-workflow is in `progress`; `skipped` is SPEC §13's.
    var directorName: String {
        switch self {
        case .pending, .ready: return "pending"
        case .running, .waiting: return "progress"
        case .success: return "success"
        case .failed: return "error"
        case .canceled: return "canceled"
        case .skipped: return "skipped"
        }
    }
}
