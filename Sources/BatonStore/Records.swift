import BatonCore
import Foundation

/// A job as stored.
public struct JobRecord: Sendable, Equatable {
    public var number: Int64
    public var uuid: UUID
    public var workflow: String
    public var project: String
    public var name: String
    public var status: JobStatus
    public var payload: JSON
    /// Per-task param overrides: `{task key: {param: value}}`.
    public var input: [String: [String: JSON]]
    public var comment: String?
    public var periodic: Bool
    /// Epoch milliseconds.
    public var created: Int64
    public var updated: Int64
    public var started: Int64?
    public var ended: Int64?
    /// Whether the job was created with a failure hook (its definition's, at that time).
    public var hasFailureHook: Bool

    public init(number: Int64, uuid: UUID, workflow: String, project: String, name: String, status: JobStatus,
                payload: JSON, input: [String: [String: JSON]], comment: String?, periodic: Bool, created: Int64,
                updated: Int64, started: Int64?, ended: Int64?, hasFailureHook: Bool = false) {
        self.number = number
        self.uuid = uuid
        self.workflow = workflow
        self.project = project
        self.name = name
        self.status = status
        self.payload = payload
        self.input = input
        self.comment = comment
        self.periodic = periodic
        self.created = created
        self.updated = updated
        self.started = started
        self.ended = ended
        self.hasFailureHook = hasFailureHook
    }
}

/// What `Store.jobCancel` did: the job after it, and the state machine's answer.
public struct JobCancellation: Sendable, Equatable {
    public var job: JobRecord
    public var answer: JobMachine.CancelAnswer

    public init(job: JobRecord, answer: JobMachine.CancelAnswer) {
        self.job = job
        self.answer = answer
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

    public init(id: Int64, uuid: UUID, job: Int64, position: Int, key: String, name: String, taskName: String,
                status: TaskStatus, hook: HookKind?, parents: [Int64], queue: String, attempt: Int, failures: Int,
                maxRetries: Int, cancelRequested: Bool, created: Int64, updated: Int64, started: Int64?, ended: Int64?,
                result: JSON?, error: TaskError?) {
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

/// A person or program allowed to use the APIs. Only a bcrypt hash of the password is kept.
public struct UserRecord: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var passwordHash: String
    public var created: Int64
    public var updated: Int64

    public init(id: Int64, name: String, passwordHash: String, created: Int64, updated: Int64) {
        self.id = id
        self.name = name
        self.passwordHash = passwordHash
        self.created = created
        self.updated = updated
    }
}

/// A login (Explorer's `connect`): tokens name their session, so deleting the user ends them.
public struct SessionRecord: Sendable, Equatable {
    public var id: String
    public var user: Int64
    public var address: String
    public var port: Int
    public var created: Int64
    public var expires: Int64

    public init(id: String, user: Int64, address: String, port: Int, created: Int64, expires: Int64) {
        self.id = id
        self.user = user
        self.address = address
        self.port = port
        self.created = created
        self.expires = expires
    }
}
