import BatonCore
import BatonStore
import Foundation
import Testing

/// SPEC §13's pools across processes: two `baton worker` processes on one PostgreSQL database
/// never run more tasks of a pool at once than its size, whichever workflow they belong to.
@Suite(
    .enabled(
        if: ProcessInfo.processInfo.environment["BATON_TEST_POSTGRES"] != nil,
        "set BATON_TEST_POSTGRES to a PostgreSQL address"), .serialized, .timeLimit(.minutes(3)))
struct PoolTests {
    /// Lines "start|end NANOSECONDS" as the largest number of spans that overlapped.
    static func mostAtOnce(_ lines: [String]) -> Int {
        let events = lines.compactMap { line -> (Int, Int)? in
            let fields = line.split(separator: " ")
            guard fields.count == 2, let time = Int(fields[1]) else { return nil }
            return (time, fields[0] == "start" ? 1 : -1)
        }.sorted { $0 < $1 }
        var running = 0
        var most = 0
        for (_, delta) in events {
            running += delta
            most = max(most, running)
        }
        return most
    }

    @Test func aPoolOfOneSharedByTwoWorkflowsHoldsAcrossTwoProcesses() async throws {
        let hold = #"; echo "start $(date +%s%N)" >> spans; sleep 0.3; echo "end $(date +%s%N)" >> spans"#
        let cluster = try await ScaleOutTests.Cluster(
            workflows: """
                pool.EXPORT:
                  tasks: [{id: export, task: EXPORT}]
                pool.IMPORT:
                  tasks: [{id: import, task: IMPORT}]
                """,
            tasks: ["EXPORT": hold + "\n  pool: db", "IMPORT": hold + "\n  pool: db"],
            settings: "pools: {db: 1}\n", leaseSeconds: 30)
        let api = try await cluster.serve(["--no-workers"])
        let workers = [try await cluster.worker(), try await cluster.worker()]
        _ = try await cluster.post(3, project: "pool", name: "EXPORT", port: api.port)
        _ = try await cluster.post(3, project: "pool", name: "IMPORT", port: api.port)
        try await cluster.waitForSuccess(6)
        let spans = try String(contentsOf: cluster.home.appendingPathComponent("spans"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let runs = try cluster.ledger()
        try await cluster.stop()
        #expect(spans.count == 12)
        #expect(Self.mostAtOnce(spans) == 1, "pool db of size 1 ran more at once: \(spans)")
        let pids = Set(workers.map { String($0.process.processIdentifier) })
        #expect(Set(runs.map { $0[3] }).isSubset(of: pids))
    }
}
