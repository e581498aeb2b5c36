import BatonCore
import BatonStore
import Foundation
import Synchronization

/// Claiming, recording outcomes, moving jobs through their states.
enum WorkChecks {
    static let all: [ConformanceCheck] = [
        ConformanceCheck(name: "insert, claim and complete a chain", body: insertClaimComplete),
        ConformanceCheck(name: "claims honour queues, limits and the retry delay", body: claimFilters),
        ConformanceCheck(name: "a failure hook is added when the job fails", body: failureHook),
        ConformanceCheck(name: "tasks that already succeeded are not run again", body: presetSuccess),
        ConformanceCheck(name: "result rows are stored in order and paged", body: rows),
        ConformanceCheck(name: "two stores on one database never claim the same attempt", body: exclusiveClaims),
        ConformanceCheck(name: "stores starting together migrate once", body: concurrentMigrations),
        ConformanceCheck(name: "ready work is announced to other stores, if the backend can", body: readySignals),
    ]

    static func insertClaimComplete(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        let job = try await store.jobInsert(chain(), now: 500)
        try expect(job.status, .pending, "new job status")
        try expect(job.number, 1, "first job number")
        try expect(try await store.taskList(job: job.number).map(\.status), [.ready, .pending], "task statuses")

        let first = try await claim(store)
        try expect(first.map(\.key), ["a"], "first claim")
        try expect(first[0].attempt, 1, "attempt")
        try expect(first[0].payload, ["n": 1], "payload")
        try expect(first[0].parents, .null, "root's parents")
        try expect(first[0].jobUUID, job.uuid, "job uuid")
        try expect(try await store.jobGet(number: 1)?.status, .running, "job running once a task is claimed")

        let second = try await claim(store, now: 1100, outcomes: [success(first[0])])
        try expect(second.map(\.key), ["b"], "second claim")
        try expect(second[0].parents, ["ok": true], "parent's result")
        try expect(try await store.taskLogs(task: first[0].id), [TaskLog(attempt: 1, text: "hello")], "log")

        _ = try await claim(store, now: 1200, outcomes: [success(second[0])])
        let done = try await store.jobGet(uuid: job.uuid)
        try expect(done?.status, .success, "job status")
        try expect(done?.started, 1000, "job started")
        try expect(done?.ended, 1200, "job ended")
        let tasks = try await store.taskList(job: 1)
        try expect(tasks.map(\.status), [.success, .success], "task statuses")
        try expect(tasks.map(\.ended), [1100, 1200], "task ends")
        try expect(tasks[1].result, ["ok": true], "result")
        try expect(try await store.jobGet(uuid: UUID()) == nil, "unknown uuid")
        try expect(try await store.jobGet(number: 99) == nil, "unknown number")
    }

    static func claimFilters(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        _ = try await store.jobInsert(chain(queue: "q1", retries: 1), now: 0)
        _ = try await store.jobInsert(chain(queue: "q2"), now: 0)
        try expect(try await claim(store, queues: ["nope"]).isEmpty, "no task of an unknown queue")
        let claimed = try await claim(store, queues: ["q1"], limit: 5)
        try expect(claimed.map(\.job), [1], "only q1's ready task")
        // A failed attempt with a retry left is ready again only after its delay.
        try expect(try await claim(store, queues: ["q1"], now: 2000, outcomes: [failure(claimed[0])]).isEmpty, "retry waits")
        try expect(try await store.taskNextRunAfter(queues: ["q1"]), 3000, "next run after the 1 s delay")
        try expect(try await store.taskNextRunAfter(queues: ["nope"]) == nil, "nothing waits in an unknown queue")
        let retried = try await claim(store, queues: ["q1"], now: 3000)
        try expect(retried.map(\.attempt), [2], "second attempt")
        try expect(try await claim(store, limit: 1).map(\.job), [2], "limit 1 takes one task")
        try expect(try await store.taskList(job: 1)[0].failures, 1, "failures counted")
    }

    static func failureHook(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        var job = chain()
        job.failureHook = NewTask(
            position: -1, key: "ALERT", name: "ALERT", taskName: "ALERT",
            body: TaskBody(kind: .shell(.script("true"))), parents: [], queue: "default", hook: .failure)
        _ = try await store.jobInsert(job, now: 0)
        let claimed = try await claim(store)
        let hook = try await claim(store, now: 2000, outcomes: [failure(claimed[0])])
        try expect(hook.map(\.key), ["ALERT"], "the hook runs")
        let tasks = try await store.taskList(job: 1)
        try expect(tasks.map(\.status), [.failed, .canceled, .running], "statuses")
        try expect(tasks[0].error, TaskError(exception: "exit status 2", traceback: "oops"), "error")
        try expect(tasks[2].hook, .failure, "hook kind")
        try expect(try await store.jobGet(number: 1)?.status, .failed, "job failed")
    }

    static func presetSuccess(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        var job = chain()
        job.tasks[0].succeeded = ["kept": true]
        _ = try await store.jobInsert(job, now: 0)
        try expect(try await store.taskList(job: 1).map(\.status), [.success, .ready], "the kept task is done, its child ready")
        let claimed = try await claim(store)
        try expect(claimed.map(\.key), ["b"], "only the child runs")
        try expect(claimed[0].parents, ["kept": true], "the kept result reaches the child")
    }

    static func rows(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        _ = try await store.jobInsert(chain(), now: 0)
        let first = try await claim(store)
        let memory = (0..<2500).map { ["row \($0)", "x,\"y\"", ""] }
        let second = try await claim(store, outcomes: [success(first[0], rows: .memory(memory))])
        try expect(try await store.taskRows(task: first[0].id, offset: 0, limit: 3), Array(memory[0..<3]), "first rows")
        try expect(try await store.taskRows(task: first[0].id, offset: 2498, limit: 10), Array(memory[2498...]), "last rows")
        // Streamed rows: made one at a time as the store pulls them.
        let streamed = RowsSource.cursor { GeneratedRows(count: 3000) }
        _ = try await claim(store, outcomes: [success(second[0], rows: streamed)])
        try expect(
            try await store.taskRows(task: second[0].id, offset: 2998, limit: 10),
            [["2998", "line\nbreak", "q\"uote"], ["2999", "line\nbreak", "q\"uote"]], "streamed rows, in order")
    }

    static func exclusiveClaims(_ backend: any ConformanceBackend) async throws {
        let database = try await backend.newDatabase()
        let stores = [try await database.open(), try await database.open(), try await database.open()]
        let jobs = 200
        for _ in 0..<jobs { _ = try await stores[0].jobInsert(chain(), now: 0) }
        let claims = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for (index, store) in stores.enumerated() {
                group.addTask { try await drain(store, worker: "w\(index)", jobs: jobs) }
            }
            return try await group.reduce(into: [Int64]()) { $0 += $1 }
        }
        try expect(claims.count, jobs * 2, "tasks claimed")
        try expect(Set(claims).count == claims.count, "no task claimed twice")
    }

    static func concurrentMigrations(_ backend: any ConformanceBackend) async throws {
        let database = try await backend.newDatabase()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 { group.addTask { _ = try await database.open() } }
            try await group.waitForAll()
        }
        let store = try await database.open()
        try expect(try await store.jobInsert(chain(), now: 0).number, 1, "the schema is whole")
    }

    static func readySignals(_ backend: any ConformanceBackend) async throws {
        let database = try await backend.newDatabase()
        let listener = try await database.open()
        guard let signals = listener.readySignals(queues: ["wanted"]) else { return }
        let count = Mutex(0)
        let reader = Task {
            for try await _ in signals { count.withLock { $0 += 1 } }
        }
        defer { reader.cancel() }
        // The first signal says "look once": listening has started.
        try await waitUntil("a first signal when listening starts") { count.withLock { $0 } == 1 }
        let other = try await database.open()
        _ = try await other.jobInsert(chain(queue: "wanted"), now: 0)
        try await waitUntil("a signal for the wanted queue") { count.withLock { $0 } == 2 }
        _ = try await other.jobInsert(chain(queue: "wanted"), now: 0)
        try await waitUntil("a signal for each new ready task") { count.withLock { $0 } == 3 }
    }
}

/// `count` rows made as they are read: `[index, a cell with a line break, one with a quote]`.
private struct GeneratedRows: RowCursor {
    let count: Int
    var index = 0

    init(count: Int) { self.count = count }

    mutating func next() -> [String]? {
        guard index < count else { return nil }
        defer { index += 1 }
        return ["\(index)", "line\nbreak", "q\"uote"]
    }
}
