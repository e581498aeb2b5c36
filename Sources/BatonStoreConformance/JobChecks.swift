import BatonCore
import BatonStore
import Foundation

/// Listing, idempotency keys (and so schedule slots), retention.
enum JobChecks {
    static let all: [ConformanceCheck] = [
        ConformanceCheck(name: "lists filter, page and order", body: list),
        ConformanceCheck(name: "a key returns its first job for 24 hours", body: keys),
        ConformanceCheck(name: "a batch inserts in order, in one transaction, keys de-duplicated within it", body: batch),
        ConformanceCheck(name: "a key inserted by several stores at once makes one job", body: concurrentKeys),
        ConformanceCheck(name: "retention deletes ended jobs beyond the newest, with their tasks", body: retention),
    ]

    static func list(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        for index in 0..<5 {
            let job = chain(workflow: index % 2 == 1 ? "t.OTHER_1" : "t.CHAIN")
            _ = try await store.jobInsert(job, now: 1_657_874_210_000 + Int64(index) * 1000)
        }
        let all = try await store.jobList(JobQuery(limit: 2))
        try expect(all.total, 5, "total")
        try expect(all.jobs.map(\.number), [5, 4], "newest first")
        try expect(try await store.jobList(JobQuery(offset: 4, limit: 2)).jobs.map(\.number), [1], "last page")
        try expect(try await store.jobList(JobQuery(ascending: true, limit: 2)).jobs.map(\.number), [1, 2], "ascending")
        try expect(try await store.jobList(JobQuery(workflow: "t.OTHER_1")).jobs.map(\.number), [4, 2], "by workflow")
        try expect(try await store.jobList(JobQuery(workflow: "t.OTHER_1", limit: 1)).total, 2, "a workflow's total")
        try expect(try await store.jobList(JobQuery(workflow: "t.NONE")).total, 0, "an unknown workflow's total")
        try expect(try await store.jobList(JobQuery(nameContains: "other_1_")).total, 2, "name: case-insensitive, '_' literal")
        try expect(try await store.jobList(JobQuery(nameContains: "%")).total, 0, "name: '%' literal")
        try expect(
            try await store.jobList(JobQuery(createdFrom: 1_657_874_211_000, createdTo: 1_657_874_213_000)).jobs.map(\.number),
            [4, 3, 2], "by creation time")
        try expect(try await store.jobList(JobQuery(status: .running)).total, 0, "by status")
        try expect(try await store.jobList(JobQuery(status: .pending, limit: 0)).total, 5, "a total without a page")
    }

    static func keys(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        var job = chain()
        job.key = "client:abc"
        let first = try await store.jobInsert(job, now: 1000)
        job.uuid = UUID()
        try expect(try await store.jobInsert(job, now: 2000).number, first.number, "the first job within 24 h")
        job.uuid = UUID()
        let later = try await store.jobInsert(job, now: 1000 + NewJob.keyLifetime + 1)
        try expect(later.number != first.number, "a new job after 24 h")
        try expect(try await store.jobList(JobQuery()).total, 2, "two jobs")
    }

    static func batch(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        var keyed = chain()
        keyed.key = "slot:1"
        var again = keyed
        again.uuid = UUID()
        let records = try await store.jobInsert([chain(), keyed, chain(workflow: "t.OTHER"), again], now: 1000)
        try expect(records.map(\.number), [1, 2, 3, 2], "numbers in order; the repeated key gets the job of its first")
        try expect(records.map(\.workflow), ["t.CHAIN", "t.CHAIN", "t.OTHER", "t.CHAIN"], "each record its job's")
        try expect(try await store.taskList(job: 3).map(\.status), [.ready, .pending], "roots ready in a batch too")
        try expect(try await store.jobList(JobQuery()).total, 3, "three jobs")
        try expect(try await store.jobInsert([], now: 1000).isEmpty, "an empty batch")
    }

    static func concurrentKeys(_ backend: any ConformanceBackend) async throws {
        let database = try await backend.newDatabase()
        let stores = [try await database.open(), try await database.open(), try await database.open()]
        for slot in 0..<10 {
            let numbers = try await withThrowingTaskGroup(of: Int64.self) { group in
                for store in stores {
                    group.addTask {
                        var job = chain(workflow: "t.TICK")
                        job.key = "periodic:t.TICK:\(slot)"
                        return try await store.jobInsert(job, now: Int64(slot) * 1000).number
                    }
                }
                return try await group.reduce(into: Set<Int64>()) { $0.insert($1) }
            }
            try expect(numbers.count, 1, "slot \(slot): one job")
        }
        try expect(try await stores[0].jobList(JobQuery(workflow: "t.TICK")).total, 10, "one job per slot")
    }

    static func retention(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        for _ in 0..<5 { _ = try await store.jobInsert(chain(workflow: "t.KEEP2"), now: 0) }
        _ = try await store.jobInsert(chain(workflow: "t.OTHER"), now: 0)
        // Jobs 1, 2 and 4 end (canceled); 3 and 5 stay pending.
        for number: Int64 in [1, 2, 4] { _ = try await store.jobCancel(number: number, now: 10) }
        try expect(try await store.jobDeleteBeyond(workflow: "t.KEEP2", keep: 2), 2, "1 and 2 deleted")
        try expect(try await store.jobList(JobQuery(workflow: "t.KEEP2")).jobs.map(\.number), [5, 4, 3], "unended jobs stay")
        try expect(try await store.jobList(JobQuery(workflow: "t.KEEP2")).total, 3, "the workflow's total follows")
        try expect(try await store.taskList(job: 1).isEmpty, "tasks go with their job")
        try expect(try await store.jobDeleteBeyond(workflow: "t.KEEP2", keep: 10), 0, "fewer than keep: none")
        try expect(try await store.jobDeleteBeyond(workflow: "t.KEEP2", keep: 0), 1, "keep 0: every ended job")
        try expect(try await store.jobList(JobQuery()).total, 3, "others untouched")
    }
}
