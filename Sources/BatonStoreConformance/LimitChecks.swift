import BatonCore
import BatonStore
import Synchronization

/// Limits in the claim (SPEC §13): priority order, pools across workflows and processes, and a
/// workflow's concurrency.
enum LimitChecks {
    static let all: [ConformanceCheck] = [
        ConformanceCheck(name: "claims take ready tasks by priority, then oldest", body: priority),
        ConformanceCheck(name: "a pool of size 1 runs one task across workflows and processes", body: poolOfOne),
        ConformanceCheck(name: "a pool of size 2 runs two tasks at once", body: poolOfTwo),
        ConformanceCheck(name: "a workflow's concurrency bounds its running jobs", body: workflowConcurrency),
        ConformanceCheck(name: "processes claiming at once never exceed a pool", body: concurrentPool),
        ConformanceCheck(
            name: "processes claiming at once never exceed a workflow's concurrency", body: concurrentWorkflow),
        ConformanceCheck(name: "a freed pool or workflow slot is announced to every queue, if the backend can", body: freed),
    ]

    /// A job of `workflow` whose tasks are `keys`, all roots but the last when `joined` (it needs
    /// the others), each in `pool`.
    static func job(
        _ workflow: String, keys: [String] = ["a"], joined: Bool = false, pool: String? = nil, priority: Int = 0,
        concurrency: Int? = nil
    ) -> NewJob {
        let body = TaskBody(kind: .shell(.script("true")), pool: pool)
        let name = String(workflow.split(separator: ".").last ?? "")
        let tasks = keys.enumerated().map { position, key in
            let parents = joined && position == keys.count - 1 ? Array(0..<position) : []
            return NewTask(
                position: position, key: key, name: key, taskName: key.uppercased(), body: body, parents: parents,
                queue: "default")
        }
        return NewJob(
            workflow: workflow, project: "t", name: name, payload: [:], tasks: tasks, concurrency: concurrency,
            priority: priority)
    }

    /// A claim with baton.yml's `pools`.
    static func claim(
        _ store: any Store, worker: String = "w1", pools: [String: Int] = [:], limit: Int = 10, now: Int64 = 1000,
        outcomes: [TaskOutcome] = []
    ) async throws -> [ClaimedTask] {
        try await store.workStep(
            WorkStep(
                outcomes: outcomes,
                claim: ClaimRequest(worker: worker, limit: limit, leaseUntil: now + 30_000, pools: pools), now: now)
        ).claimed
    }

    /// Records outcomes without claiming anything.
    static func report(_ store: any Store, _ outcomes: [TaskOutcome], now: Int64 = 1000) async throws {
        _ = try await store.workStep(WorkStep(outcomes: outcomes, claim: nil, now: now))
    }

    static func priority(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        for priority in [0, 5, 0, 5] { _ = try await store.jobInsert(job("t.P\(priority)", priority: priority), now: 0) }
        var order: [Int64] = []
        for _ in 0..<5 { order += try await claim(store, limit: 1).map(\.job) }
        try expect(order, [2, 4, 1, 3], "jobs by priority, then age, one claim at a time")
    }

    static func poolOfOne(_ backend: any ConformanceBackend) async throws {
        let database = try await backend.newDatabase()
        let first = try await database.open()
        let second = try await database.open()
        _ = try await first.jobInsert(job("t.X", pool: "gpu"), now: 0)
        _ = try await first.jobInsert(job("t.Y", pool: "gpu"), now: 0)
        _ = try await first.jobInsert(job("t.FREE"), now: 0)
        let claimed = try await claim(first, pools: ["other": 5])
        try expect(claimed.map(\.job).sorted(), [1, 3], "one task of the pool (a pool not listed has size 1) and the free one")
        try expect(try await claim(second, worker: "w2").count, 0, "another process gets nothing while the pool is full")
        try expect(try await claim(first).count, 0, "nor does the same one")
        try await report(first, [success(claimed[claimed.firstIndex { $0.job == 1 }!])])
        let next = try await claim(second, worker: "w2")
        try expect(next.map(\.job), [2], "the other workflow's task once the slot is free")
    }

    static func poolOfTwo(_ backend: any ConformanceBackend) async throws {
        let database = try await backend.newDatabase()
        let first = try await database.open()
        let second = try await database.open()
        for _ in 0..<4 { _ = try await first.jobInsert(job("t.IO", pool: "io"), now: 0) }
        let pools = ["io": 2]
        let one = try await claim(first, pools: pools, limit: 1)
        let two = try await claim(second, worker: "w2", pools: pools)
        try expect(one.map(\.job) + two.map(\.job), [1, 2], "two tasks, one per process")
        try expect(try await claim(first, pools: pools).count, 0, "the pool is full")
        let three = try await claim(first, pools: pools, outcomes: [success(one[0])])
        try expect(three.map(\.job), [3], "a freed slot is taken in the same step")
        try expect(try await claim(second, worker: "w2", pools: pools).count, 0, "full again")
    }

    static func workflowConcurrency(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        for _ in 0..<6 {
            _ = try await store.jobInsert(job("t.LIMITED", keys: ["a", "b", "c"], joined: true, concurrency: 2), now: 0)
        }
        let first = try await claim(store)
        try expect(first.map(\.job).sorted(), [1, 1, 2, 2], "both roots of exactly two jobs: a job counts once")
        try expect(try await store.jobList(JobQuery(status: .pending)).total, 4, "the others stay pending")
        let ofOne = first.filter { $0.job == 1 }
        let joined = try await claim(store, outcomes: ofOne.map { success($0) })
        try expect(joined.map(\.key), ["c"], "a running job's task is not held back, and no third job starts")
        try expect(joined.map(\.job), [1], "of the running job")
        let third = try await claim(store, outcomes: joined.map { success($0) })
        try expect(third.map(\.job), [3, 3], "a third job starts when one ends")
        try expect(try await store.jobList(JobQuery(status: .running)).total, 2, "two running")
        try expect(try await store.jobList(JobQuery(status: .success)).total, 1, "one ended")
    }

    static func concurrentPool(_ backend: any ConformanceBackend) async throws {
        let database = try await backend.newDatabase()
        let first = try await database.open()
        let second = try await database.open()
        let rounds = 4
        for round in 0..<rounds {
            _ = try await first.jobInsert(job("t.R\(round)", keys: ["a", "b"], pool: "one"), now: 0)
        }
        for round in 0..<rounds * 2 {
            async let mine = claim(first, limit: 3)
            async let theirs = claim(second, worker: "w2", limit: 3)
            let claimed = try await (mine.map { ($0, "w1") }) + (theirs.map { ($0, "w2") })
            try expect(claimed.count, 1, "round \(round): the pool's one slot, taken once")
            try await report(first, claimed.map { success($0.0, worker: $0.1) })
        }
        try expect(try await first.jobList(JobQuery(status: .success)).total, rounds, "every job ran")
    }

    static func concurrentWorkflow(_ backend: any ConformanceBackend) async throws {
        let database = try await backend.newDatabase()
        let first = try await database.open()
        let second = try await database.open()
        let rounds = 4
        for _ in 0..<rounds { _ = try await first.jobInsert(job("t.SERIAL", concurrency: 1), now: 0) }
        for round in 0..<rounds {
            async let mine = claim(first, limit: 3)
            async let theirs = claim(second, worker: "w2", limit: 3)
            let claimed = try await (mine.map { ($0, "w1") }) + (theirs.map { ($0, "w2") })
            try expect(claimed.count, 1, "round \(round): one job started, by one process")
            try expect(try await first.jobList(JobQuery(status: .running)).total, 1, "round \(round): one job runs")
            try await report(first, claimed.map { success($0.0, worker: $0.1) })
        }
        try expect(try await first.jobList(JobQuery(status: .success)).total, rounds, "every job ran")
    }

    static func freed(_ backend: any ConformanceBackend) async throws {
        let database = try await backend.newDatabase()
        let listener = try await database.open()
        // Idle workers of another queue: the limited tasks' own queue announces nothing to them.
        guard let signals = listener.readySignals(queues: ["elsewhere"]) else { return }
        let count = Mutex(0)
        let reader = Task {
            for try await _ in signals { count.withLock { $0 += 1 } }
        }
        defer { reader.cancel() }
        try await waitUntil("a first signal when listening starts") { count.withLock { $0 } == 1 }
        let store = try await database.open()
        _ = try await store.jobInsert(job("t.X", pool: "gpu"), now: 0)
        _ = try await store.jobInsert(job("t.C", concurrency: 1), now: 0)
        let claimed = try await claim(store).sorted { $0.job < $1.job }
        try expect(claimed.map(\.job), [1, 2], "both claimed")
        try await report(store, [success(claimed[0])])
        try await waitUntil("a signal when the pool's task ends") { count.withLock { $0 } == 2 }
        try await report(store, [success(claimed[1])])
        try await waitUntil("a signal when the limited workflow's job ends") { count.withLock { $0 } == 3 }
    }
}
