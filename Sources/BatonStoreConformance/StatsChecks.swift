import BatonCore
import BatonStore

/// The counts behind the web page's charts.
enum StatsChecks {
    static let all: [ConformanceCheck] = [
        ConformanceCheck(name: "jobs are counted by creation window and status", body: countsByStatus)
    ]

    static func countsByStatus(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        // Windows of 1000 ms from 10,000: [10,000, 11,000), [11,000, 12,000), [12,000, 13,000).
        var numbers: [Int64: Int64] = [:]
        for created: Int64 in [9_999, 10_000, 10_999, 11_500, 12_999, 13_000] {
            numbers[created] = try await store.jobInsert(chain(), now: created).number
        }
        let canceled = try await store.jobCancel(number: numbers[10_999]!, now: 14_000)
        try expect(canceled?.job.status, .interrupted, "a canceled pending job")

        let counts = try await store.jobCountsByStatus(from: 10_000, width: 1000, buckets: 3)
        try expect(
            counts, [[.pending: 1, .interrupted: 1], [.pending: 1], [.pending: 1]],
            "each job in its window (start included, end not), by its status now")
        try expect(
            try await store.jobCountsByStatus(from: 10_000, width: 500, buckets: 4),
            [[.pending: 1], [.interrupted: 1], [:], [.pending: 1]], "narrower windows")
        try expect(
            try await store.jobCountsByStatus(from: 20_000, width: 1000, buckets: 2), [[:], [:]],
            "a window without jobs: every bucket, empty")
    }
}
