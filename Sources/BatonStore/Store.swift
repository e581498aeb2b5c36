import BatonCore
import Foundation

/// The seam between Baton and its database. Every backend (SQLite, PostgreSQL) implements it
/// and passes the same conformance suite. Operations are named noun then verb; times are
/// epoch milliseconds passed in by the caller, so tests can pin them.
public protocol Store: Sendable {
    /// Creates or upgrades the schema; safe when several processes start at once.
    func migrate() async throws

    /// Inserts jobs and their tasks, all in one transaction (a group commit: one durable commit
    /// for many submissions); returns their records in order. Tasks that wait for nothing are
    /// ready at once. A job whose `key` was used in the last 24 hours (by an earlier job, or one
    /// earlier in `jobs`) is not inserted: the earlier job is returned.
    func jobInsert(_ jobs: [NewJob], now: Int64) async throws -> [JobRecord]
    func jobGet(number: Int64) async throws -> JobRecord?
    func jobGet(uuid: UUID) async throws -> JobRecord?
    func jobList(_ query: JobQuery) async throws -> JobPage
    /// Cancels a job (docs/task-kinds.md#what-every-kind-shares); nil if unknown. A job that had
    /// ended is returned unchanged, with the answer `.alreadyEnded`.
    func jobCancel(number: Int64, now: Int64) async throws -> JobCancellation?

    /// Deletes the ended jobs of `workflow` older than its `keep` newest jobs, with their tasks,
    /// logs and rows; returns how many.
    func jobDeleteBeyond(workflow: String, keep: Int) async throws -> Int

    /// A job's tasks in creation order.
    func taskList(job: Int64) async throws -> [TaskRecord]
    func taskLogs(task: Int64) async throws -> [TaskLog]
    /// Result rows in order, from `offset`, at most `limit`.
    func taskRows(task: Int64, offset: Int, limit: Int) async throws -> [[String]]

    /// Records finished attempts and claims ready tasks, in one transaction.
    func workStep(_ step: WorkStep) async throws -> WorkStepResult
    /// Extends the leases of `tasks`, those of `worker`'s running tasks it is running; returns
    /// those asked to stop by a cancel. Only named tasks are renewed: a task claimed in a round
    /// whose answer never arrived (the connection dropped after the commit) is not running
    /// anywhere, so its lease must run out and the task be rescued.
    func leaseRenew(worker: String, tasks: [Int64], until: Int64, now: Int64) async throws -> [Int64]
    /// Running tasks whose lease expired run again (or end, if their job is being cancelled).
    /// Returns how many were rescued.
    func leaseRescue(now: Int64) async throws -> Int
    /// The workers that hold running tasks.
    func leaseHolders() async throws -> [String]
    /// Hands back every task `worker` is running (on shutdown): they run again without using a retry.
    func leaseRelease(worker: String, now: Int64) async throws -> Int
    /// Adds a user; throws `StoreError.conflict` if the name is taken.
    func userInsert(name: String, passwordHash: String, now: Int64) async throws -> UserRecord
    func userGet(name: String) async throws -> UserRecord?
    func userList() async throws -> [UserRecord]
    /// Sets a new password hash; false if there is no such user.
    func userUpdate(name: String, passwordHash: String, now: Int64) async throws -> Bool
    /// Deletes the user and its sessions; false if there is no such user.
    func userDelete(name: String) async throws -> Bool

    func sessionInsert(_ session: SessionRecord) async throws
    /// The session and its user, if both still exist.
    func sessionGet(id: String) async throws -> (SessionRecord, UserRecord)?

    /// The earliest time a ready task in these queues may run, if any is waiting.
    func taskNextRunAfter(queues: [String]?) async throws -> Int64?

    /// How many tasks are ready, by queue (queues with none are absent): the `baton_ready_tasks`
    /// gauge, read at scrape time from the ready-task index.
    func taskReadyCounts() async throws -> [String: Int]

    /// The secret called `name`, stored as `candidate` if there is none yet: every process on the
    /// database gets the same one (the token signing key, so a token from one API node works on all).
    func secretGetOrCreate(name: String, candidate: Data) async throws -> Data

    /// Takes or keeps the lease on `role` (a maintenance duty such as the scheduler) for `holder`
    /// until `until`; false while another holder's lease runs. One process at a time does each duty.
    func leaderAcquire(role: String, holder: String, until: Int64, now: Int64) async throws -> Bool

    /// Yields each time a task of `queues` (nil: any) may have become ready in any process on
    /// this database, until the stream is dropped; nil when the backend cannot tell (idle
    /// engines then poll).
    func readySignals(queues: [String]?) -> AsyncThrowingStream<Void, any Error>?

    /// How many jobs were created in each of `buckets` consecutive windows of `width`
    /// milliseconds, the first starting at `from` (epoch ms), by their status now: element `i`
    /// counts the jobs with `from + i * width <= created < from + (i + 1) * width`, statuses
    /// without jobs absent. Always `buckets` elements. Counted in the database over the
    /// creation-time index, so the cost follows the jobs in the window, not all jobs.
    /// `width` and `buckets` must be positive.
    func jobCountsByStatus(from: Int64, width: Int64, buckets: Int) async throws -> [[JobStatus: Int]]

    /// Reruns an ended job from the step `key` (SPEC §13): that step and every task below it
    /// run again as new attempts (earlier logs kept, results, errors and rows cleared), the
    /// other tasks keep their results, the hooks run again at the job's new end, and the job is
    /// running again. Nil if the job is unknown. Throws `RerunError` when the job has not ended,
    /// has no such step, the step is a hook, a hook of its earlier end has not finished, or a
    /// parent of the step did not succeed.
    func jobRerun(number: Int64, from key: String, now: Int64) async throws -> JobRecord?
}

extension Store {
    /// Inserts one job (`jobInsert(_:now:)` with a batch of one).
    public func jobInsert(_ job: NewJob, now: Int64) async throws -> JobRecord {
        guard let record = try await jobInsert([job], now: now).first else { throw StoreError.corrupt("no job inserted") }
        return record
    }
}

public enum StoreError: Error, CustomStringConvertible {
    case corrupt(String)
    /// A database address that cannot be used, and why.
    case invalidDatabase(String, reason: String)
    /// A unique name is taken.
    case conflict(String)
    /// The database failed or could not be reached.
    case database(String)

    public var description: String {
        switch self {
        case .corrupt(let detail): return "the database holds data Baton cannot read: \(detail)"
        case .invalidDatabase(let url, let reason): return "database '\(url)': \(reason)"
        case .conflict(let detail): return detail
        case .database(let detail): return detail
        }
    }
}
