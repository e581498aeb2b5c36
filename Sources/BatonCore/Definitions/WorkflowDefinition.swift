/// One loaded, validated workflow definition (`project.NAME`).
public struct WorkflowDefinition: Sendable {
    public var fullName: String
    public var project: String
    public var name: String
    /// Stable numeric id (FNV-1a of the full name), shown as `workflowId` by Explorer.
    public var id: UInt32
    public var file: String
    public var steps: [Step]
    public var successHook: Step?
    public var failureHook: Step?
    public var periodic: Periodic?
    public var schemaName: String?
    /// The loaded JSON Schema named by `schema:`.
    public var schema: JSON?
    /// Jobs kept for this workflow by the retention sweep; nil: the configured default.
    public var retentionOffset: Int?
    /// The definition as written in YAML, for clients that list definitions.
    public var source: JSON
    /// `concurrency:` — at most this many jobs of the workflow run at once; the rest wait,
    /// pending (SPEC §13). nil: no bound.
    public var concurrency: Int?
    /// `priority:` — claims take tasks of higher priority first (default 0; SPEC §13).
    public var priority: Int

    public init(
        fullName: String, project: String, name: String, file: String, steps: [Step],
        successHook: Step? = nil, failureHook: Step? = nil, periodic: Periodic? = nil,
        schemaName: String? = nil, schema: JSON? = nil, retentionOffset: Int? = nil,
        source: JSON = .object([:]), concurrency: Int? = nil, priority: Int = 0
    ) {
        self.fullName = fullName
        self.project = project
        self.name = name
        self.id = Identifiers.workflowId(fullName: fullName)
        self.file = file
        self.steps = steps
        self.successHook = successHook
        self.failureHook = failureHook
        self.periodic = periodic
        self.schemaName = schemaName
        self.schema = schema
        self.retentionOffset = retentionOffset
        self.source = source
        self.concurrency = concurrency
        self.priority = priority
    }
}

/// One node of a workflow's graph.
public struct Step: Sendable, Hashable {
    /// Position in `WorkflowDefinition.steps`.
    public var index: Int
    /// The key `input` and the APIs use: the step id (DAG form) or the task name (Director syntax).
    public var key: String
    /// Display name.
    public var name: String
    /// The task this step runs: a `tasks.yml` name, a Swift task name, or the key of an inline body.
    public var taskName: String
    public var body: TaskBody
    /// Indices of the steps this one waits for, in `previous` order.
    public var needs: [Int]
    public var queue: String

    public init(
        index: Int, key: String, name: String, taskName: String, body: TaskBody, needs: [Int],
        queue: String
    ) {
        self.index = index
        self.key = key
        self.name = name
        self.taskName = taskName
        self.body = body
        self.needs = needs
        self.queue = queue
    }
}

public struct Periodic: Sendable, Hashable {
    public enum Rule: Sendable, Hashable {
        /// Seconds between slots, at least 1; Director reads it as a float, so `90.5` is allowed.
        case interval(seconds: Double)
        case crontab(Crontab)
    }

    public var rule: Rule
    public var payload: JSON

    public init(rule: Rule, payload: JSON) {
        self.rule = rule
        self.payload = payload
    }
}

extension Periodic.Rule {
    /// `30` for whole seconds, `90.5` otherwise.
    public static func format(seconds: Double) -> String {
        seconds.rounded() == seconds && abs(seconds) < 1e15 ? String(Int64(seconds)) : String(seconds)
    }
}

public enum QueueName {
    public static let `default` = "default"
}
