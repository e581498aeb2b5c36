import BatonCore
import Foundation

/// Ask for up to `limit` ready tasks, leased to `worker` until `leaseUntil`.
public struct ClaimRequest: Sendable {
    public var worker: String
    /// nil: every queue.
    public var queues: [String]?
    /// Only tasks of these jobs (a CLI waiting for its own job and the sub-workflow jobs it
    /// started); nil: every job.
    public var jobs: [Int64]?
    public var limit: Int
    public var leaseUntil: Int64
    /// baton.yml's `pools` (name → size): a task of a pool is claimed only while fewer than its
    /// size of the pool's tasks run, in every process on the database (SPEC §13). A pool not
    /// named here has size 1.
    public var pools: [String: Int]

    public init(
        worker: String, queues: [String]? = nil, jobs: [Int64]? = nil, limit: Int, leaseUntil: Int64,
        pools: [String: Int] = [:]
    ) {
        self.worker = worker
        self.queues = queues
        self.jobs = jobs
        self.limit = limit
        self.leaseUntil = leaseUntil
        self.pools = pools
    }
}

/// How one attempt ended, reported by the worker that held its lease.
public struct TaskOutcome: Sendable {
    public enum Result: Sendable {
        case succeeded(JSON, rows: RowsSource?)
        case failed(TaskError, retryable: Bool)
        /// The step's `when` condition was false: it and the steps below it are skipped.
        case skipped
        /// A fan-out step's items: the store inserts one instance per item (keyed
        /// `FanOut.instanceKey`), stores `{"instances": N}` as the step's result, and the step
        /// waits for them (SPEC §13).
        case fannedOut([FanOutItem])
        /// A sub-workflow step's child job, planned with `NewJob.parentTask` set to this task:
        /// the store inserts it and the step waits until it ends (SPEC §13).
        case startedChild(NewJob)
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

    public init(
        id: Int64, uuid: UUID, job: Int64, jobUUID: UUID, key: String, attempt: Int, body: TaskBody,
        payload: JSON, parents: JSON, readyAt: Int64 = 0, parentTasks: [Int64] = []
    ) {
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

    public init(number: Int64, workflow: String, status: JobStatus, uuid: UUID? = nil, created: Int64? = nil, ended: Int64? = nil)
    {
        self.number = number
        self.workflow = workflow
        self.status = status
        self.uuid = uuid
        self.created = created
        self.ended = ended
    }
}
