/// What the state machine needs to know about a job and its tasks: no payloads, no results.
public struct JobSnapshot: Sendable, Equatable {
    public var id: Int64
    public var status: JobStatus
    /// Whether the definition has a failure hook, added as a task when the job fails.
    public var hasFailureHook: Bool
    public var tasks: [TaskSnapshot]

    public init(id: Int64, status: JobStatus, hasFailureHook: Bool, tasks: [TaskSnapshot]) {
        self.id = id
        self.status = status
        self.hasFailureHook = hasFailureHook
        self.tasks = tasks
    }
}

public enum HookKind: Int, Sendable, Codable {
    case success = 1
    case failure = 2
}

public struct TaskSnapshot: Sendable, Equatable {
    public var id: Int64
    public var status: TaskStatus
    public var parents: [Int64]
    public var hook: HookKind?
    /// Failed attempts so far that used up a retry.
    public var failures: Int
    public var maxRetries: Int
    public var retryDelay: Double
    public var cancelRequested: Bool
    /// Epoch milliseconds before which a ready task may not be claimed (retry delay).
    public var runAfter: Int64
    /// A fan-out instance: the id of the step task it is an instance of (SPEC §13).
    public var instanceOf: Int64?
    /// A fan-out step: how many of its instances may be ready or running at once; 0: no bound.
    public var fanOutLimit: Int

    public init(
        id: Int64, status: TaskStatus, parents: [Int64] = [], hook: HookKind? = nil, failures: Int = 0,
        maxRetries: Int = 0, retryDelay: Double = 0, cancelRequested: Bool = false, runAfter: Int64 = 0,
        instanceOf: Int64? = nil, fanOutLimit: Int = 0
    ) {
        self.id = id
        self.status = status
        self.parents = parents
        self.hook = hook
        self.failures = failures
        self.maxRetries = maxRetries
        self.retryDelay = retryDelay
        self.cancelRequested = cancelRequested
        self.runAfter = runAfter
        self.instanceOf = instanceOf
        self.fanOutLimit = fanOutLimit
    }

    public var isHook: Bool { hook != nil }
}

/// What a transition changed, for the store to write in the same transaction.
public struct JobChanges: Sendable, Equatable {
    public var jobStatus: JobStatus?
    public var tasks: [TaskSnapshot]
    /// The job has just failed and its definition has a failure hook: insert the hook with this
    /// status (`JobMachine.failureHookStatus`).
    public var failureHook: TaskStatus?
    /// Tasks to delete: the instances of a fan-out step that a rerun resets (they are made
    /// again when it expands again).
    public var removedTasks: [Int64] = []
    /// Waiting sub-workflow steps just asked to stop: the store cancels the child jobs they
    /// started, in the same transaction (a fan-out step has none: its instances are tasks).
    public var cancelChildrenOf: [Int64] = []

    public var isEmpty: Bool {
        jobStatus == nil && tasks.isEmpty && failureHook == nil && removedTasks.isEmpty && cancelChildrenOf.isEmpty
    }
}
