import BatonCore
import BatonSQLite
import BatonStore
import Foundation
import Testing

private func temporaryDatabase() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("baton-store-\(UUID().uuidString).sqlite").path
}

private func openStore(_ path: String = temporaryDatabase()) async throws -> SQLiteStore {
    let store = try SQLiteStore(path: path)
    try await store.migrate()
    return store
}

/// a → b, with `queue` on every task.
private func chain(queue: String = "default", retries: Int = 0) -> NewJob {
    let body = TaskBody(kind: .shell(.script("true")), retries: retries, retryDelay: 1)
    return NewJob(workflow: "t.CHAIN", project: "t", name: "CHAIN", payload: ["n": 1], tasks: [
        NewTask(position: 0, key: "a", name: "a", taskName: "A", body: body, parents: [], queue: queue),
        NewTask(position: 1, key: "b", name: "b", taskName: "B", body: body, parents: [0], queue: queue),
    ])
}

private func claim(_ store: SQLiteStore, worker: String = "w1", queues: [String]? = nil, limit: Int = 10, now: Int64 = 1000,
                   lease: Int64 = 30_000, outcomes: [TaskOutcome] = []) async throws -> [ClaimedTask] {
    try await store.workStep(WorkStep(
        outcomes: outcomes, claim: ClaimRequest(worker: worker, queues: queues, limit: limit, leaseUntil: now + lease), now: now)
    ).claimed
}

private func success(_ task: ClaimedTask, worker: String = "w1", result: JSON = ["ok": true]) -> TaskOutcome {
    TaskOutcome(task: task.id, job: task.job, attempt: task.attempt, worker: worker, result: .succeeded(result, rows: nil), log: "hello")
}

@Suite struct SQLiteStoreTests {
    @Test func commitsAreDurable() async throws {
        let store = try await openStore()
        #expect(try store.synchronousLevel() == 2, "synchronous=FULL")
    }

    @Test func storesStartingTogetherMigrateOnce() async throws {
        let path = temporaryDatabase()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 { group.addTask { _ = try await openStore(path) } }
            try await group.waitForAll()
            // Opening a brand-new file from several connections at once (WAL switch) too.
            let fresh = temporaryDatabase()
            for _ in 0..<6 { group.addTask { _ = try await openStore(fresh) } }
            try await group.waitForAll()
        }
        let store = try await openStore(path)
        #expect(try await store.jobInsert(chain(), now: 0).number == 1)
    }

    @Test func insertClaimCompleteThroughTheChain() async throws {
        let store = try await openStore()
        let job = try await store.jobInsert(chain(), now: 500)
        #expect(job.status == .pending)
        #expect(job.number == 1)
        #expect(try await store.taskList(job: job.number).map(\.status) == [.ready, .pending])

        let first = try await claim(store)
        #expect(first.map(\.key) == ["a"])
        #expect(first[0].attempt == 1)
        #expect(first[0].payload == ["n": 1])
        #expect(first[0].parents == .null)
        #expect(try await store.jobGet(number: 1)?.status == .running)

        let second = try await claim(store, now: 1100, outcomes: [success(first[0])])
        #expect(second.map(\.key) == ["b"])
        #expect(second[0].parents == ["ok": true])
        #expect(try await store.taskLogs(task: first[0].id) == [TaskLog(attempt: 1, text: "hello")])

        _ = try await claim(store, now: 1200, outcomes: [success(second[0])])
        let done = try await store.jobGet(uuid: job.uuid)!
        #expect(done.status == .success)
        #expect(done.started == 1000)
        #expect(done.ended == 1200)
        let tasks = try await store.taskList(job: 1)
        #expect(tasks.map(\.status) == [.success, .success])
        #expect(tasks.map(\.ended) == [1100, 1200])
    }

    @Test func claimHonoursQueuesLimitsAndRetryDelay() async throws {
        let store = try await openStore()
        _ = try await store.jobInsert(chain(queue: "q1", retries: 1), now: 0)
        _ = try await store.jobInsert(chain(queue: "q2"), now: 0)
        #expect(try await claim(store, queues: ["nope"]).isEmpty)
        let claimed = try await claim(store, queues: ["q1"], limit: 5)
        #expect(claimed.map(\.job) == [1])
        // A failed attempt with a retry left is ready again only after its delay.
        let failed = TaskOutcome(task: claimed[0].id, job: 1, attempt: 1, worker: "w1",
                                 result: .failed(TaskError(exception: "exit status 1"), retryable: true))
        #expect(try await claim(store, queues: ["q1"], now: 2000, outcomes: [failed]).isEmpty)
        #expect(try await store.taskNextRunAfter(queues: ["q1"]) == 3000)
        let retried = try await claim(store, queues: ["q1"], now: 3000)
        #expect(retried.map(\.attempt) == [2])
        #expect(try await claim(store, limit: 1).map(\.job) == [2])
    }

    @Test func staleOutcomeFromAnotherWorkerIsIgnored() async throws {
        let store = try await openStore()
        _ = try await store.jobInsert(chain(), now: 0)
        let claimed = try await claim(store, worker: "w1")
        _ = try await claim(store, now: 2000, outcomes: [success(claimed[0], worker: "intruder")])
        #expect(try await store.taskList(job: 1).map(\.status) == [.running, .pending])
    }

    @Test func expiredLeaseRunsAgainWithoutUsingARetry() async throws {
        let store = try await openStore()
        _ = try await store.jobInsert(chain(), now: 0)
        let claimed = try await claim(store, worker: "w1", now: 1000, lease: 500)
        #expect(try await store.leaseRescue(now: 1400) == 0)
        #expect(try await store.leaseRenew(worker: "w1", until: 2000, now: 1400) == [])
        #expect(try await store.leaseRescue(now: 1900) == 0)
        #expect(try await store.leaseRescue(now: 2001) == 1)
        let again = try await claim(store, worker: "w2", now: 2100)
        #expect(again.map(\.id) == [claimed[0].id])
        #expect(again[0].attempt == 2)
        // The first worker's late outcome no longer counts.
        _ = try await claim(store, now: 2200, outcomes: [success(claimed[0], worker: "w1")])
        let task = try await store.taskList(job: 1)[0]
        #expect(task.status == .running)
        #expect(task.failures == 0)
    }

    @Test func cancelAsksRunningTasksToStop() async throws {
        let store = try await openStore()
        _ = try await store.jobInsert(chain(), now: 0)
        let claimed = try await claim(store)
        #expect(try await store.jobCancel(number: 1, now: 1500)?.status == .stopping)
        #expect(try await store.leaseRenew(worker: "w1", until: 9000, now: 1600) == [claimed[0].id])
        _ = try await store.workStep(WorkStep(outcomes: [success(claimed[0])], claim: nil, now: 1700))
        #expect(try await store.jobGet(number: 1)?.status == .interrupted)
        #expect(try await store.taskList(job: 1).map(\.status) == [.canceled, .canceled])
        #expect(try await store.jobCancel(number: 99, now: 0) == nil)
    }

    @Test func releaseHandsBackRunningTasks() async throws {
        let store = try await openStore()
        _ = try await store.jobInsert(chain(), now: 0)
        _ = try await claim(store, worker: "w1")
        #expect(try await store.leaseRelease(worker: "w2", now: 1100) == 0)
        #expect(try await store.leaseRelease(worker: "w1", now: 1100) == 1)
        #expect(try await store.taskList(job: 1).map(\.status) == [.ready, .pending])
    }

    @Test func listFiltersPagesAndOrders() async throws {
        let store = try await openStore()
        for index in 0..<5 {
            var job = chain()
            if index % 2 == 1 { job.workflow = "t.OTHER_1" }
            _ = try await store.jobInsert(job, now: 1_657_874_210_000 + Int64(index) * 1000)
        }
        let all = try await store.jobList(JobQuery(limit: 2))
        #expect(all.total == 5)
        #expect(all.jobs.map(\.number) == [5, 4])
        #expect(try await store.jobList(JobQuery(offset: 4, limit: 2)).jobs.map(\.number) == [1])
        #expect(try await store.jobList(JobQuery(ascending: true, limit: 2)).jobs.map(\.number) == [1, 2])
        #expect(try await store.jobList(JobQuery(workflow: "t.OTHER_1")).jobs.map(\.number) == [4, 2])
        #expect(try await store.jobList(JobQuery(nameContains: "other_1_")).total == 2, "case-insensitive, '_' literal")
        #expect(try await store.jobList(JobQuery(nameContains: "%")).total == 0)
        #expect(try await store.jobList(JobQuery(createdFrom: 1_657_874_211_000, createdTo: 1_657_874_213_000)).jobs.map(\.number) == [4, 3, 2])
        #expect(try await store.jobList(JobQuery(status: .running)).total == 0)
    }

    @Test func failureHookIsAddedWhenTheJobFails() async throws {
        let store = try await openStore()
        var job = chain()
        job.failureHook = NewTask(position: -1, key: "ALERT", name: "ALERT", taskName: "ALERT",
                                  body: TaskBody(kind: .shell(.script("true"))), parents: [], queue: "default", hook: .failure)
        _ = try await store.jobInsert(job, now: 0)
        let claimed = try await claim(store)
        let failed = TaskOutcome(task: claimed[0].id, job: 1, attempt: 1, worker: "w1",
                                 result: .failed(TaskError(exception: "exit status 2", traceback: "oops"), retryable: true))
        let hook = try await claim(store, now: 2000, outcomes: [failed])
        #expect(hook.map(\.key) == ["ALERT"])
        let tasks = try await store.taskList(job: 1)
        #expect(tasks.map(\.status) == [.failed, .canceled, .running])
        #expect(tasks[0].error == TaskError(exception: "exit status 2", traceback: "oops"))
        #expect(tasks[2].hook == .failure)
        #expect(try await store.jobGet(number: 1)?.status == .failed)
    }

    @Test func twoStoresOnOneFileNeverClaimTheSameAttempt() async throws {
        let path = temporaryDatabase()
        let stores = [try await openStore(path), try await openStore(path)]
        let jobs = 200
        for _ in 0..<jobs { _ = try await stores[0].jobInsert(chain(), now: 0) }
        let claims = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for (index, store) in stores.enumerated() {
                group.addTask {
                    var mine: [Int64] = []
                    var outcomes: [TaskOutcome] = []
                    while true {
                        let claimed = try await claim(store, worker: "w\(index)", limit: 7, outcomes: outcomes)
                        outcomes = claimed.map { success($0, worker: "w\(index)") }
                        mine += claimed.map(\.id)
                        if claimed.isEmpty {
                            if try await store.jobList(JobQuery(status: .success)).total == jobs { return mine }
                        }
                    }
                }
            }
            return try await group.reduce(into: [Int64]()) { $0 += $1 }
        }
        #expect(claims.count == jobs * 2)
        #expect(Set(claims).count == claims.count, "no task claimed twice")
    }
}
