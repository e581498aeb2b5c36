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
    /// A sub-workflow's job: the parent job's step task (`TaskRecord.id`) that started it
    /// (SPEC §13), so pages can link child and parent both ways; nil for other jobs.
    public var parentTask: Int64?

    public init(
        number: Int64, uuid: UUID, workflow: String, project: String, name: String, status: JobStatus,
        payload: JSON, input: [String: [String: JSON]], comment: String?, periodic: Bool, created: Int64,
        updated: Int64, started: Int64?, ended: Int64?, hasFailureHook: Bool = false, parentTask: Int64? = nil
    ) {
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
        self.parentTask = parentTask
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
