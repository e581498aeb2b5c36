import Baton
import BatonCore
import BatonEngine
import BatonSQLite
import BatonStore
import Foundation
import Synchronization
import Testing
import BatonTestSupport

/// Counts how often each attempt ran, across engines.
private final class Ledger: Sendable {
    let runs = Mutex<[String: Int]>([:])
    func record(_ key: String) { runs.withLock { $0[key, default: 0] += 1 } }
}

@Suite struct EngineSharingTests {
    @Test func twoEnginesOnOneDatabaseNeverRunAnAttemptTwice() async throws {
        let ledger = Ledger()
        var registry = TaskRegistry()
        registry.register("NOOP") { context in
            ledger.record("\(context.taskId) \(context.attempt)")
            return ["job": .int(Int(context.jobNumber))]
        }
        registry.register("SUM") { context in
            guard case .array(let parents) = context.parents else { return .null }
            ledger.record("\(context.taskId) \(context.attempt)")
            return .int(parents.count)
        }
        let home = try await TestHome(
            workflows: """
                t.FAN:
                  tasks:
                    - NOOP
                    - G:
                        type: group
                        tasks: [NOOP, NOOP, NOOP]
                    - SUM
                """, registry: registry)
        let second = try await home.home.openStore()
        let engines = [home.engine(concurrency: 8, worker: "one"), home.engine(concurrency: 8, worker: "two", store: second)]
        let runs = engines.map { engine in Task { try await engine.run() } }
        defer { runs.forEach { $0.cancel() } }
        let service = home.service(engines[0])
        let jobs = 100
        for _ in 0..<jobs { _ = try await service.start(workflow: "t.FAN", payload: [:]) }
        engines[1].notify()
        try await eventually(timeout: .seconds(60), { await engines[0].waitForProgress(timeout: .milliseconds(100)) }) {
            try await home.store.jobList(JobQuery(status: .success, limit: 1)).total == jobs
        }
        let counts = ledger.runs.withLock { $0 }
        #expect(counts.count == jobs * 5)
        #expect(counts.values.allSatisfy { $0 == 1 })
        let sums = try await home.store.jobList(JobQuery(limit: 1)).jobs
        #expect(try await home.store.taskList(job: sums[0].number).last?.result == 3)
        for run in runs { run.cancel() }
        for run in runs { _ = try? await run.value }
    }
}
