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

    /// How long a key keeps answering with its first job: 24 hours.
    public static let keyLifetime: Int64 = 24 * 3600 * 1000

    public init(uuid: UUID = UUID(), workflow: String, project: String, name: String, payload: JSON,
                input: [String: [String: JSON]] = [:], comment: String? = nil, periodic: Bool = false,
                tasks: [NewTask], failureHook: NewTask? = nil, key: String? = nil) {
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

    public init(position: Int, key: String, name: String, taskName: String, body: TaskBody, parents: [Int],
                queue: String, hook: HookKind? = nil, succeeded: JSON? = nil) {
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

/// Which jobs to list, newest first unless `ascending`.
public struct JobQuery: Sendable {
    public var workflow: String?
    public var status: JobStatus?
    /// Case-insensitive substring of the job's display name `<workflow>_<yyyyMMddHHmmss>`.
    public var nameContains: String?
    public var createdFrom: Int64?
    public var createdTo: Int64?
    public var ascending: Bool
    public var offset: Int
    public var limit: Int

    public init(workflow: String? = nil, status: JobStatus? = nil, nameContains: String? = nil,
                createdFrom: Int64? = nil, createdTo: Int64? = nil, ascending: Bool = false, offset: Int = 0,
                limit: Int = 100) {
        self.workflow = workflow
        self.status = status
        self.nameContains = nameContains
        self.createdFrom = createdFrom
        self.createdTo = createdTo
        self.ascending = ascending
        self.offset = offset
        self.limit = limit
    }
}

public struct JobPage: Sendable {
    public var jobs: [JobRecord]
    public var total: Int
    public init(jobs: [JobRecord], total: Int) {
        self.jobs = jobs
        self.total = total
    }
}

/// Ask for up to `limit` ready tasks, leased to `worker` until `leaseUntil`.
public struct ClaimRequest: Sendable {
    public var worker: String
    /// nil: every queue.
    public var queues: [String]?
    /// Only tasks of this job (a CLI waiting for its own job).
    public var job: Int64?
    public var limit: Int
    public var leaseUntil: Int64

    public init(worker: String, queues: [String]? = nil, job: Int64? = nil, limit: Int, leaseUntil: Int64) {
        self.worker = worker
        self.queues = queues
        self.job = job
        self.limit = limit
        self.leaseUntil = leaseUntil
    }
}

/// A finished attempt's result rows, as the store takes them while it records the outcome.
public enum RowsSource: Sendable {
    case memory([[String]])
    /// Rows the store pulls one at a time, so 10^6 rows never sit in memory at once. The
    /// closure opens a new cursor at the first row each time it is called: a work step that
    /// failed and runs again reads the rows again.
    case cursor(@Sendable () throws -> any RowCursor)
}

/// Result rows read one at a time, in order.
public protocol RowCursor {
    /// The next row's cells; nil after the last.
    mutating func next() throws -> [String]?
}

/// Where a `sql` task's result rows go as they arrive (`QueryConnection.run`).
public protocol RowSink: AnyObject, Sendable {
    /// Appends one row.
    func append(_ cells: [String]) throws
}

/// How one attempt ended, reported by the worker that held its lease.
public struct TaskOutcome: Sendable {
    public enum Result: Sendable {
        case succeeded(JSON, rows: RowsSource?)
        case failed(TaskError, retryable: Bool)
    }

    public var task: Int64
    public var job: Int64
    public var attempt: Int
    public var worker: String
    public var result: Result
    public var log: String

    public init(task: Int64, job: Int64, attempt: Int, worker: String, result: Result, log: String = "") {
        self.task = task
        self.job = job
        self.attempt = attempt
        self.worker = worker
        self.result = result
        self.log = log
    }
}

/// A task leased to a worker, with everything needed to run it.
public struct ClaimedTask: Sendable {
    public var id: Int64
    public var uuid: UUID
    public var job: Int64
    public var jobUUID: UUID
    public var key: String
    public var attempt: Int
    public var body: TaskBody
    public var payload: JSON
    /// A single parent's result, or the list of several parents' results.
    public var parents: JSON
    /// Epoch milliseconds at which the task became runnable (it became ready — its parents
    /// committed — and its retry delay, if any, was over); 0 when unknown.
    public var readyAt: Int64
    /// The parents' task ids (`TaskRecord.id`) in `previous` order: whose rows the task reads.
    public var parentTasks: [Int64]

    public init(id: Int64, uuid: UUID, job: Int64, jobUUID: UUID, key: String, attempt: Int, body: TaskBody,
                payload: JSON, parents: JSON, readyAt: Int64 = 0, parentTasks: [Int64] = []) {
        self.id = id
        self.uuid = uuid
        self.job = job
        self.jobUUID = jobUUID
        self.key = key
        self.attempt = attempt
        self.body = body
        self.payload = payload
        self.parents = parents
        self.readyAt = readyAt
        self.parentTasks = parentTasks
    }
}

/// One engine round trip: record finished attempts, then claim new work, in one transaction.
public struct WorkStep: Sendable {
    public var outcomes: [TaskOutcome]
    public var claim: ClaimRequest?
    public var now: Int64

    public init(outcomes: [TaskOutcome], claim: ClaimRequest?, now: Int64) {
        self.outcomes = outcomes
        self.claim = claim
        self.now = now
    }
}

public struct WorkStepResult: Sendable {
    public var claimed: [ClaimedTask]
    /// Jobs whose status changed in this step.
    public var changedJobs: [Int64]
    /// Jobs this step ended (success, failed, interrupted), for metrics.
    public var endedJobs: [EndedJob]

    public init(claimed: [ClaimedTask], changedJobs: [Int64], endedJobs: [EndedJob] = []) {
        self.claimed = claimed
        self.changedJobs = changedJobs
        self.endedJobs = endedJobs
    }
}

/// A job that reached a terminal status.
public struct EndedJob: Sendable, Equatable {
    public var number: Int64
    public var workflow: String
    public var status: JobStatus
    /// The job's UUID, creation and end (epoch milliseconds): what its trace span needs
    /// (BatonEngine's `JobSpan`); `nil` when a store does not say.
    public var uuid: UUID?
    public var created: Int64?
    public var ended: Int64?

    public init(number: Int64, workflow: String, status: JobStatus, uuid: UUID? = nil, created: Int64? = nil, ended: Int64? = nil) {
        self.number = number
        self.workflow = workflow
        self.status = status
        self.uuid = uuid
        self.created = created
        self.ended = ended
    }
}
