import BatonCore
import Foundation

/// A job to insert with all of its tasks, in one transaction.
public struct NewJob: Sendable {
    public var uuid: UUID
    public var workflow: String
    public var project: String
    public var name: String
    public var payload: JSON
    public var input: [String: [String: JSON]]
    public var comment: String?
    public var periodic: Bool
    /// Tasks in step order; `parents` are positions in this list.
    public var tasks: [NewTask]
    /// Inserted, ready to run, if the job fails.
    public var failureHook: NewTask?
    /// A client's idempotency key or a schedule's slot: within `NewJob.keyLifetime` of the first
    /// job with the same key, inserting returns that job instead of a new one.
    public var key: String?
    /// The workflow's `concurrency`: at most this many of its jobs run at once (SPEC §13); nil: no bound.
    public var concurrency: Int?
    /// The workflow's `priority`, copied to every task: claims take higher first (SPEC §13).
    public var priority: Int
    /// A sub-workflow's job: the parent job's step task (`TaskRecord.id`) that started it and
    /// ends as it ends (SPEC §13); nil for other jobs.
    public var parentTask: Int64?

    /// How long a key keeps answering with its first job: 24 hours.
    public static let keyLifetime: Int64 = 24 * 3600 * 1000

    public init(
        uuid: UUID = Identifiers.randomUUID(), workflow: String, project: String, name: String, payload: JSON,
        input: [String: [String: JSON]] = [:], comment: String? = nil, periodic: Bool = false,
        tasks: [NewTask], failureHook: NewTask? = nil, key: String? = nil, concurrency: Int? = nil,
        priority: Int = 0, parentTask: Int64? = nil
    ) {
        self.uuid = uuid
        self.workflow = workflow
        self.project = project
        self.name = name
        self.payload = payload
        self.input = input
        self.comment = comment
        self.periodic = periodic
        self.tasks = tasks
        self.failureHook = failureHook
        self.key = key
        self.concurrency = concurrency
        self.priority = priority
        self.parentTask = parentTask
    }
}

public struct NewTask: Sendable, Codable {
    public var position: Int
    public var key: String
    public var name: String
    public var taskName: String
    /// The body to run, params already overridden by the job's input.
    public var body: TaskBody
    public var parents: [Int]
    public var queue: String
    public var hook: HookKind?
    /// Retrying a job from its failure: this task already succeeded with this result, and is
    /// stored as succeeded instead of run again.
    public var succeeded: JSON?

    public init(
        position: Int, key: String, name: String, taskName: String, body: TaskBody, parents: [Int],
        queue: String, hook: HookKind? = nil, succeeded: JSON? = nil
    ) {
        self.position = position
        self.key = key
        self.name = name
        self.taskName = taskName
        self.body = body
        self.parents = parents
        self.queue = queue
        self.hook = hook
        self.succeeded = succeeded
    }
}
