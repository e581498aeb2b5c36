import BatonCore
import Foundation

/// A store that hands every operation to `inner`, for wrappers that watch or change a few of
/// them (the benchmark's timing store, tests' failing or counting stores): a wrapper declares
/// only the operations it changes; the rest forward, so a change to `Store` touches one place.
public protocol ForwardingStore: Store {
    /// The store every operation not declared by the wrapper goes to.
    var inner: any Store { get }
}

extension ForwardingStore {
    public func workStep(_ step: WorkStep) async throws -> WorkStepResult { try await inner.workStep(step) }
    public func migrate() async throws { try await inner.migrate() }
    public func jobInsert(_ jobs: [NewJob], now: Int64) async throws -> [JobRecord] { try await inner.jobInsert(jobs, now: now) }
    public func jobGet(number: Int64) async throws -> JobRecord? { try await inner.jobGet(number: number) }
    public func jobGet(uuid: UUID) async throws -> JobRecord? { try await inner.jobGet(uuid: uuid) }
    public func jobList(_ query: JobQuery) async throws -> JobPage { try await inner.jobList(query) }
    public func jobCancel(number: Int64, now: Int64) async throws -> JobCancellation? {
        try await inner.jobCancel(number: number, now: now)
    }
    public func jobRerun(number: Int64, from key: String, now: Int64) async throws -> JobRecord? {
        try await inner.jobRerun(number: number, from: key, now: now)
    }
    public func jobDeleteBeyond(workflow: String, keep: Int) async throws -> Int {
        try await inner.jobDeleteBeyond(workflow: workflow, keep: keep)
    }
    public func jobCountsByStatus(from: Int64, width: Int64, buckets: Int) async throws -> [[JobStatus: Int]] {
        try await inner.jobCountsByStatus(from: from, width: width, buckets: buckets)
    }
    public func taskList(job: Int64) async throws -> [TaskRecord] { try await inner.taskList(job: job) }
    public func taskLogs(task: Int64) async throws -> [TaskLog] { try await inner.taskLogs(task: task) }
    public func taskRows(task: Int64, offset: Int, limit: Int) async throws -> [[String]] {
        try await inner.taskRows(task: task, offset: offset, limit: limit)
    }
    public func leaseRenew(worker: String, tasks: [Int64], until: Int64, now: Int64) async throws -> [Int64] {
        try await inner.leaseRenew(worker: worker, tasks: tasks, until: until, now: now)
    }
    public func leaseRescue(now: Int64) async throws -> Int { try await inner.leaseRescue(now: now) }
    public func leaseHolders() async throws -> [String] { try await inner.leaseHolders() }
    public func leaseRelease(worker: String, now: Int64) async throws -> Int {
        try await inner.leaseRelease(worker: worker, now: now)
    }
    public func userInsert(name: String, passwordHash: String, now: Int64) async throws -> UserRecord {
        try await inner.userInsert(name: name, passwordHash: passwordHash, now: now)
    }
    public func userGet(name: String) async throws -> UserRecord? { try await inner.userGet(name: name) }
    public func userList() async throws -> [UserRecord] { try await inner.userList() }
    public func userUpdate(name: String, passwordHash: String, now: Int64) async throws -> Bool {
        try await inner.userUpdate(name: name, passwordHash: passwordHash, now: now)
    }
    public func userDelete(name: String) async throws -> Bool { try await inner.userDelete(name: name) }
    public func sessionInsert(_ session: SessionRecord) async throws { try await inner.sessionInsert(session) }
    public func sessionGet(id: String) async throws -> (SessionRecord, UserRecord)? { try await inner.sessionGet(id: id) }
    public func taskNextRunAfter(queues: [String]?) async throws -> Int64? { try await inner.taskNextRunAfter(queues: queues) }
    public func taskReadyCounts() async throws -> [String: Int] { try await inner.taskReadyCounts() }
    public func secretGetOrCreate(name: String, candidate: Data) async throws -> Data {
        try await inner.secretGetOrCreate(name: name, candidate: candidate)
    }
    public func leaderAcquire(role: String, holder: String, until: Int64, now: Int64) async throws -> Bool {
        try await inner.leaderAcquire(role: role, holder: holder, until: until, now: now)
    }
    public func readySignals(queues: [String]?) -> AsyncThrowingStream<Void, any Error>? { inner.readySignals(queues: queues) }
}
