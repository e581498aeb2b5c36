import BatonCore
import Foundation

/// A task instance as stored.
public struct TaskRecord: Sendable, Equatable {
    public var id: Int64
    public var uuid: UUID
    public var job: Int64
    /// Step position in the definition; -1 for hooks.
    public var position: Int
    public var key: String
    public var name: String
    public var taskName: String
    public var status: TaskStatus
    public var hook: HookKind?
    public var parents: [Int64]
    public var queue: String
    public var attempt: Int
    public var failures: Int
    public var maxRetries: Int
    public var cancelRequested: Bool
    public var created: Int64
    public var updated: Int64
    public var started: Int64?
    public var ended: Int64?
    public var result: JSON?
    public var error: TaskError?
    /// A fan-out instance: the id of its step's task (SPEC §13), so pages can show instances
    /// under their step; nil for other tasks.
    public var instanceOf: Int64?

    public init(
        id: Int64, uuid: UUID, job: Int64, position: Int, key: String, name: String, taskName: String,
        status: TaskStatus, hook: HookKind?, parents: [Int64], queue: String, attempt: Int, failures: Int,
        maxRetries: Int, cancelRequested: Bool, created: Int64, updated: Int64, started: Int64?, ended: Int64?,
        result: JSON?, error: TaskError?, instanceOf: Int64? = nil
    ) {
        self.id = id
        self.uuid = uuid
        self.job = job
        self.position = position
        self.key = key
        self.name = name
        self.taskName = taskName
        self.status = status
        self.hook = hook
        self.parents = parents
        self.queue = queue
        self.attempt = attempt
        self.failures = failures
        self.maxRetries = maxRetries
        self.cancelRequested = cancelRequested
        self.created = created
        self.updated = updated
        self.started = started
        self.ended = ended
        self.result = result
        self.error = error
        self.instanceOf = instanceOf
    }
}

/// Why a task's last attempt failed, as Director shows it.
public struct TaskError: Sendable, Equatable, Codable {
    /// One line, e.g. "exit status 3".
    public var exception: String
    /// The tail of stderr or an error trace.
    public var traceback: String

    public init(exception: String, traceback: String = "") {
        self.exception = exception
        self.traceback = traceback
    }
}

/// One attempt's log: stdout and stderr as they came.
public struct TaskLog: Sendable, Equatable {
    public var attempt: Int
    public var text: String
    public init(attempt: Int, text: String) {
        self.attempt = attempt
        self.text = text
    }
}
