import BatonCore
import BatonStore
import BatonTestSupport
import Foundation
import Synchronization
import Testing
@testable import BatonEngine

/// Submissions that arrive while a commit is in flight go in together, each answered with its own job.
@Suite struct GroupCommitTests {
    @Test func submissionsDuringACommitShareTheNextOne() async throws {
        let home = try await TestHome(workflows: "t.ONE:\n  tasks: [A]\n", tasks: "A:\n  shell: 'true'\n")
        let gate = Gate()
        let commit = GroupCommit(metrics: BatonMetrics()) { jobs in
            await gate.pass(jobs.count)
            return try await home.store.jobInsert(jobs, now: 1000)
        }
        let plan: @Sendable (Int) throws -> NewJob = { n in
            try JobPlanner.plan(home.definitions.workflow(named: "t.ONE")!, payload: ["n": .int(n)])
        }
        // The first submission's commit is held until 20 more wait behind it.
        let first = Task { try await commit.insert(plan(0)) }
        try await eventually { gate.batches.withLock { $0.count } == 1 }
        let others = (1...20).map { n in Task { try await commit.insert(plan(n)) } }
        try await eventually { commit.waiting == 20 }
        gate.open()
        var records = [try await first.value]
        for other in others { records.append(try await other.value) }
        #expect(gate.batches.withLock { $0 } == [1, 20], "one commit for the first, one for the twenty")
        #expect(Set(records.map(\.number)).count == 21, "each its own job")
        for record in records {
            let stored = try await home.store.jobGet(number: record.number)
            #expect(stored?.payload == record.payload, "answered with its own job, committed")
        }
    }

    @Test func aFailingBatchIsRetriedJobByJob() async throws {
        let home = try await TestHome(workflows: "t.ONE:\n  tasks: [A]\n", tasks: "A:\n  shell: 'true'\n")
        let gate = Gate()
        let commit = GroupCommit(metrics: BatonMetrics()) { jobs in
            await gate.pass(jobs.count)
            if jobs.count > 1 { throw StoreError.corrupt("a batch fails") }
            return try await home.store.jobInsert(jobs, now: 1000)
        }
        let plan: @Sendable () throws -> NewJob = {
            try JobPlanner.plan(home.definitions.workflow(named: "t.ONE")!, payload: [:])
        }
        let first = Task { try await commit.insert(plan()) }
        try await eventually { gate.batches.withLock { $0.count } == 1 }
        let others = (1...3).map { _ in Task { try await commit.insert(plan()) } }
        try await eventually { commit.waiting == 3 }
        gate.open()
        _ = try await first.value
        for other in others { _ = try await other.value }
        #expect(gate.batches.withLock { $0 } == [1, 3, 1, 1, 1], "the failed batch of 3 again one by one")
        #expect(try await home.store.jobList(JobQuery()).total == 4)
    }
}

/// The first batch waits until `open()`; every batch's size is noted.
private final class Gate: Sendable {
    let batches = Mutex<[Int]>([])
    private let state = Mutex<(opened: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    func open() {
        state.withLock { state in
            state.opened = true
            return state.waiter.take()
        }?.resume()
    }

    /// Notes a batch of `count`; the first waits for `open()`.
    func pass(_ count: Int) async {
        let first = batches.withLock { batches in
            batches.append(count)
            return batches.count == 1
        }
        guard first else { return }
        await withCheckedContinuation { continuation in
            let wait = state.withLock { state -> Bool in
                if state.opened { return false }
                state.waiter = continuation
                return true
            }
            if !wait { continuation.resume() }
        }
    }
}
