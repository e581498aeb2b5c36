import BatonCore

/// The limits of SPEC §13 for one claim, decided once for every backend: a task of a pool is
/// taken only while fewer than the pool's size of its tasks run, and a task that would start a
/// pending job of a workflow with a `concurrency` only while fewer than that many of the
/// workflow's jobs run or stop. Both count what this claim takes. A backend reads the counts
/// (inside whatever serializes its claims of the same pool or workflow), then offers the ready
/// tasks in claim order.
public struct ClaimLimits: Sendable {
    /// A ready task as a claim sees it.
    public struct Candidate: Sendable {
        public var id: Int64
        public var job: Int64
        public var pool: String?
        /// The workflow whose `concurrency` bounds starting this task's job: set only when the
        /// job is pending and its workflow has a concurrency (tasks of started jobs are free).
        public var workflow: String?
        public var concurrency: Int

        public init(id: Int64, job: Int64, pool: String?, workflow: String?, concurrency: Int) {
            self.id = id
            self.job = job
            self.pool = pool
            self.workflow = workflow
            self.concurrency = concurrency
        }

        /// Whether a limit may keep this task from being claimed.
        public var isLimited: Bool { pool != nil || workflow != nil }

        /// The candidate for a task of `pool` in a job of `workflow` in `jobStatus` whose
        /// workflow allows `concurrency` running jobs (0: unbounded).
        public init(id: Int64, job: Int64, pool: String?, workflow: String, jobStatus: JobStatus, concurrency: Int) {
            let bounded = concurrency > 0 && JobMachine.claimed(jobStatus: jobStatus) != nil
            self.init(id: id, job: job, pool: pool, workflow: bounded ? workflow : nil, concurrency: concurrency)
        }
    }

    /// baton.yml's pool sizes; a pool not named has size 1.
    public let poolSizes: [String: Int]
    /// Tasks of each pool running now, with those this claim took.
    public var runningTasks: [String: Int]
    /// Jobs of each workflow running or stopping now, with those this claim started.
    public var runningJobs: [String: Int]
    /// Pools and workflows that can take nothing more in this claim.
    public private(set) var fullPools: Set<String> = []
    public private(set) var fullWorkflows: Set<String> = []
    private var startedJobs: Set<Int64> = []

    public init(poolSizes: [String: Int], runningTasks: [String: Int], runningJobs: [String: Int]) {
        self.poolSizes = poolSizes
        self.runningTasks = runningTasks
        self.runningJobs = runningJobs
    }

    /// The job statuses that count against a workflow's `concurrency`.
    public static let runningJobStatuses: [JobStatus] = [.running, .stopping]

    /// The size of `pool`.
    public func size(of pool: String) -> Int { poolSizes[pool] ?? 1 }

    /// Whether `pool` has a free slot given `running` of its tasks running.
    public func hasRoom(pool: String, running: Int) -> Bool { running < size(of: pool) }

    /// Takes nothing more of `pool` in this claim (another claim is taking from it).
    public mutating func close(pool: String) { fullPools.insert(pool) }

    /// Starts no more jobs of `workflow` in this claim (another claim is starting them).
    public mutating func close(workflow: String) { fullWorkflows.insert(workflow) }

    /// Takes `candidate` if its pool and workflow have room, counting it; false leaves it ready.
    public mutating func admit(_ candidate: Candidate) -> Bool {
        if let pool = candidate.pool, fullPools.contains(pool) || !hasRoom(pool: pool, running: runningTasks[pool, default: 0]) {
            fullPools.insert(pool)
            return false
        }
        if let workflow = candidate.workflow, !startedJobs.contains(candidate.job) {
            guard !fullWorkflows.contains(workflow), runningJobs[workflow, default: 0] < candidate.concurrency else {
                fullWorkflows.insert(workflow)
                return false
            }
            runningJobs[workflow, default: 0] += 1
            startedJobs.insert(candidate.job)
        }
        if let pool = candidate.pool { runningTasks[pool, default: 0] += 1 }
        return true
    }
}
