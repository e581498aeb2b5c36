import BatonCore
import BatonStore
import Foundation
import Synchronization

/// A store that notes when each finished attempt's commit returned, keyed by job and task
/// key, and passes everything else through. It gives the dispatch latency its start: the
/// moment a parent's outcome is durable. (Kept in the benchmark so the engine carries no
/// timing code; a new Store requirement needs one forwarding line here.)
final class TimingStore: Store {
    let inner: any Store
    private let keys = Mutex([Int64: String]())
    private let commits = Mutex([String: UInt64]())

    init(_ inner: any Store) { self.inner = inner }

    /// When the outcome of (job, key) was committed, in monotonic nanoseconds.
    func committed(job: Int64, key: String) -> UInt64? { commits.withLock { $0[StartRecorder.key(job, key)] } }

    func workStep(_ step: WorkStep) async throws -> WorkStepResult {
        let result = try await inner.workStep(step)
        let now = nowNanos()
        let names = keys.withLock { keys in
            for task in result.claimed { keys[task.id] = StartRecorder.key(task.job, task.key) }
            return step.outcomes.compactMap { keys.removeValue(forKey: $0.task) }
        }
        if !names.isEmpty { commits.withLock { for name in names { $0[name] = now } } }
        return result
    }

    func migrate() async throws { try await inner.migrate() }
    func jobInsert(_ jobs: [NewJob], now: Int64) async throws -> [JobRecord] { try await inner.jobInsert(jobs, now: now) }
    func jobGet(number: Int64) async throws -> JobRecord? { try await inner.jobGet(number: number) }
    func jobGet(uuid: UUID) async throws -> JobRecord? { try await inner.jobGet(uuid: uuid) }
    func jobList(_ query: JobQuery) async throws -> JobPage { try await inner.jobList(query) }
    func jobCancel(number: Int64, now: Int64) async throws -> JobCancellation? {
        try await inner.jobCancel(number: number, now: now)
    }
    func jobRerun(number: Int64, from key: String, now: Int64) async throws -> JobRecord? {
        try await inner.jobRerun(number: number, from: key, now: now)
    }
    func jobDeleteBeyond(workflow: String, keep: Int) async throws -> Int {
        try await inner.jobDeleteBeyond(workflow: workflow, keep: keep)
    }
    func taskList(job: Int64) async throws -> [TaskRecord] { try await inner.taskList(job: job) }
    func taskLogs(task: Int64) async throws -> [TaskLog] { try await inner.taskLogs(task: task) }
    func taskRows(task: Int64, offset: Int, limit: Int) async throws -> [[String]] {
        try await inner.taskRows(task: task, offset: offset, limit: limit)
    }
    func leaseRenew(worker: String, tasks: [Int64], until: Int64, now: Int64) async throws -> [Int64] {
        try await inner.leaseRenew(worker: worker, tasks: tasks, until: until, now: now)
    }
    func leaseRescue(now: Int64) async throws -> Int { try await inner.leaseRescue(now: now) }
    func leaseHolders() async throws -> [String] { try await inner.leaseHolders() }
    func leaseRelease(worker: String, now: Int64) async throws -> Int { try await inner.leaseRelease(worker: worker, now: now) }
    func userInsert(name: String, passwordHash: String, now: Int64) async throws -> UserRecord {
        try await inner.userInsert(name: name, passwordHash: passwordHash, now: now)
    }
    func userGet(name: String) async throws -> UserRecord? { try await inner.userGet(name: name) }
    func userList() async throws -> [UserRecord] { try await inner.userList() }
    func userUpdate(name: String, passwordHash: String, now: Int64) async throws -> Bool {
        try await inner.userUpdate(name: name, passwordHash: passwordHash, now: now)
    }
    func userDelete(name: String) async throws -> Bool { try await inner.userDelete(name: name) }
    func sessionInsert(_ session: SessionRecord) async throws { try await inner.sessionInsert(session) }
    func sessionGet(id: String) async throws -> (SessionRecord, UserRecord)? { try await inner.sessionGet(id: id) }
    func taskNextRunAfter(queues: [String]?) async throws -> Int64? { try await inner.taskNextRunAfter(queues: queues) }
    func taskReadyCounts() async throws -> [String: Int] { try await inner.taskReadyCounts() }
    func leaderAcquire(role: String, holder: String, until: Int64, now: Int64) async throws -> Bool {
        try await inner.leaderAcquire(role: role, holder: holder, until: until, now: now)
    }
    func secretGetOrCreate(name: String, candidate: Data) async throws -> Data {
        try await inner.secretGetOrCreate(name: name, candidate: candidate)
    }
    func readySignals(queues: [String]?) -> AsyncThrowingStream<Void, any Error>? { inner.readySignals(queues: queues) }
    func jobCountsByStatus(from: Int64, width: Int64, buckets: Int) async throws -> [[JobStatus: Int]] {
        try await inner.jobCountsByStatus(from: from, width: width, buckets: buckets)
    }
}
