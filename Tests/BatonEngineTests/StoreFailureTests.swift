import BatonCore
import BatonStore
import BatonTestSupport
import Foundation
import Synchronization
import Testing

@testable import BatonEngine

/// A store that fails (a database restarting) slows the engine down; it never stops it.
@Suite struct StoreFailureTests {
    @Test func theEngineRetriesFailedWorkStepsAndTheJobStillEnds() async throws {
        let home = try await TestHome(workflows: "t.ONE:\n  tasks: [A]\n", tasks: "A:\n  shell: 'true'\n")
        let failing = FailingStore(home.store, failures: 3)
        let engine = home.engine(store: failing)
        let running = Task { try await engine.run() }
        defer { running.cancel() }
        let job = try await home.service(engine).start(workflow: "t.ONE", payload: [:])
        let (done, tasks) = try await home.waitForEnd(job.number, engine: engine)
        #expect(done.status == .success)
        #expect(tasks[0].attempt == 1)
        #expect(failing.failed.load(ordering: .relaxed) == 3, "three work steps failed and were tried again")
    }
}

/// Forwards to `inner`, but its first `failures` work steps throw.
private final class FailingStore: Store {
    let inner: any Store
    let failures: Int
    let failed = Atomic<Int>(0)

    init(_ inner: any Store, failures: Int) {
        self.inner = inner
        self.failures = failures
    }

    func workStep(_ step: WorkStep) async throws -> WorkStepResult {
        if failed.load(ordering: .relaxed) < failures {
            failed.add(1, ordering: .relaxed)
            throw StoreError.corrupt("the database is restarting")
        }
        return try await inner.workStep(step)
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
    func jobCountsByStatus(from: Int64, width: Int64, buckets: Int) async throws -> [[JobStatus: Int]] {
        try await inner.jobCountsByStatus(from: from, width: width, buckets: buckets)
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
    func secretGetOrCreate(name: String, candidate: Data) async throws -> Data {
        try await inner.secretGetOrCreate(name: name, candidate: candidate)
    }
    func leaderAcquire(role: String, holder: String, until: Int64, now: Int64) async throws -> Bool {
        try await inner.leaderAcquire(role: role, holder: holder, until: until, now: now)
    }
    func readySignals(queues: [String]?) -> AsyncThrowingStream<Void, any Error>? { inner.readySignals(queues: queues) }
}
