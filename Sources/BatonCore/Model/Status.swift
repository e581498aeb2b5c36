/// A job's state. Each API names it its own way (Explorer's `code`, Director's `directorName`,
/// in BatonHTTP); `name` is Baton's own word, as the CLI and logs print it.
public enum JobStatus: Int, Sendable, CaseIterable, Codable {
    case pending = 0
    case running = 1
    case success = 2
    case failed = 3
    case interrupted = 4
    case stopping = 5

    public var name: String {
        switch self {
        case .pending: return "pending"
        case .running: return "running"
        case .success: return "success"
        case .failed: return "failed"
        case .interrupted: return "interrupted"
        case .stopping: return "stopping"
        }
    }

    public var isTerminal: Bool { self == .success || self == .failed || self == .interrupted }

    /// Whether the state machine may move a job from `self` to `next` (SPEC §1).
    public func canMove(to next: JobStatus) -> Bool {
        switch (self, next) {
        case (.pending, .running), (.running, .success), (.running, .failed),
            (.pending, .stopping), (.running, .stopping), (.stopping, .interrupted),
            (.pending, .interrupted),
            // A rerun from a step (SPEC §13): the one way an ended job moves again.
            (.success, .running), (.failed, .running), (.interrupted, .running):
            return true
        default:
            return false
        }
    }
}

/// A task instance's state. `ready` is internal: the task may be claimed (it shows as pending).
/// `waiting` is internal too (it shows as running): a fan-out step waits for its instances, a
/// sub-workflow step for its child job; no worker holds it. `skipped`: a `when` condition was
/// false (SPEC §13); it counts as success for the job.
public enum TaskStatus: Int, Sendable, CaseIterable, Codable {
    case pending = 0
    case ready = 6
    case running = 1
    case waiting = 8
    case success = 2
    case failed = 3
    case canceled = 4
    case skipped = 7

    public var name: String {
        switch self {
        case .pending: return "pending"
        case .ready: return "ready"
        case .running: return "running"
        case .success: return "success"
        case .failed: return "failed"
        case .canceled: return "canceled"
        case .waiting: return "waiting"
        case .skipped: return "skipped"
        }
    }

    public var isFinished: Bool { self == .success || self == .failed || self == .canceled || self == .skipped }

    /// Finished in a way that lets the job succeed: `success` or `skipped`.
    public var letsJobSucceed: Bool { self == .success || self == .skipped }
}
