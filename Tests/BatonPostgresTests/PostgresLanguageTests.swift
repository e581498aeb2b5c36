import BatonCore
import BatonStore
import BatonStoreConformance
import Foundation
import PostgresNIO
import Testing

@testable import BatonPostgres

/// What the conformance checks do not see of the workflow language on PostgreSQL (SPEC §13):
/// the columns as stored, a child job ending through lease rescue, sub-workflows nested two
/// deep, and a fan-out as large as `max_fanout` allows.
@Suite(.enabled(if: TestPostgres.available, "set BATON_TEST_POSTGRES to a PostgreSQL address"))
struct PostgresLanguageTests {
    private static let shell = TaskBody(kind: .shell(.script("true")))

    /// A job of `steps` (key, parent positions, body), each step's name and task its key.
    private static func dag(
        _ steps: [(key: String, parents: [Int], body: TaskBody)], workflow: String = "t.LANG", priority: Int = 0,
        concurrency: Int? = nil, failureHook: NewTask? = nil, parentTask: Int64? = nil
    ) -> NewJob {
        NewJob(
            workflow: workflow, project: "t", name: "LANG", payload: [:],
            tasks: steps.enumerated().map { position, step in
                NewTask(
                    position: position, key: step.key, name: step.key, taskName: step.key.uppercased(), body: step.body,
                    parents: step.parents, queue: "default")
            }, failureHook: failureHook, concurrency: concurrency, priority: priority, parentTask: parentTask)
    }

    private static func step(
        _ store: PostgresStore, now: Int64, outcomes: [TaskOutcome] = [], limit: Int = 10
    ) async throws -> [ClaimedTask] {
        try await store.workStep(
            WorkStep(
                outcomes: outcomes, claim: ClaimRequest(worker: "w1", limit: limit, leaseUntil: now + 30_000, pools: ["db": 4]),
                now: now)
        ).claimed
    }

    private static func report(_ task: ClaimedTask, _ result: TaskOutcome.Result) -> TaskOutcome {
        TaskOutcome(task: task.id, job: task.job, attempt: task.attempt, worker: "w1", result: result)
    }

    private static func succeeded(_ task: ClaimedTask) -> TaskOutcome {
        report(task, .succeeded(["ok": true], rows: nil))
    }

    /// Runs `body` on a fresh, migrated schema and drops it after.
    private static func withStore(_ body: (PostgresStore) async throws -> Void) async throws {
        let backend = PostgresBackend()
        let store = try await backend.newDatabase().open() as! PostgresStore
        do {
            try await body(store)
        } catch {
            try await backend.dropAll()
            throw error
        }
        try await backend.dropAll()
    }

    /// A sub-workflow step's child job, as the engine plans it: `chain` (a → b) of `workflow`.
    private static func child(of step: ClaimedTask, workflow: String) -> NewJob {
        dag([("a", [], shell), ("b", [0], shell)], workflow: workflow, parentTask: step.id)
    }

    @Test func theLanguageColumnsAreStoredAtInsertAndOnInstances() async throws {
        try await Self.withStore { store in
            var pooled = TaskBody(
                kind: .shell(.script("true")), foreach: FanOut(source: .payload(path: ["items"]), concurrency: 4))
            pooled.pool = "db"
            let hook = NewTask(
                position: 1, key: "on_failure", name: "on_failure", taskName: "HOOK", body: Self.shell, parents: [],
                queue: "default", hook: .failure)
            _ = try await store.jobInsert(
                Self.dag([("fan", [], pooled)], priority: 5, concurrency: 2, failureHook: hook), now: 0)
            let fan = try await Self.step(store, now: 1000)
            let items = (0..<2).map { FanOutItem(index: $0, value: .int($0)) }
            let instances = try await Self.step(store, now: 2000, outcomes: [Self.report(fan[0], .fannedOut(items))])
            _ = try await Self.step(
                store, now: 3000,
                outcomes: [Self.report(instances[0], .failed(TaskError(exception: "no", traceback: ""), retryable: false))]
                    + [Self.succeeded(instances[1])])
            let rows = try await store.withConnection { connection in
                try await connection.rows(
                    "SELECT key, instance_of, fanout_limit, pool, priority FROM tasks ORDER BY id"
                ).map { row in
                    "\(try row("key", String.self)) \(try row("instance_of", Int64?.self).map(String.init) ?? "-") "
                        + "\(try row("fanout_limit", Int.self)) \(try row("pool", String?.self) ?? "-") \(try row("priority", Int.self))"
                }
            }
            #expect(rows == ["fan - 4 db 5", "fan[0] 1 0 db 5", "fan[1] 1 0 db 5", "on_failure - 0 - 5"])
            let job = try await store.withConnection { connection in
                try await connection.row("SELECT concurrency, priority, parent_task FROM jobs").map { row in
                    [try row("concurrency", Int.self), try row("priority", Int.self), try row("parent_task", Int?.self) ?? -1]
                }
            }
            #expect(job == [2, 5, -1])
            #expect(try await store.jobGet(number: 1)?.status == .failed)
        }
    }

    @Test func aChildJobEndedByLeaseRescueEndsItsStep() async throws {
        try await Self.withStore { store in
            _ = try await store.jobInsert(
                Self.dag([("sub", [], TaskBody(kind: .workflow(SubWorkflowCall(workflow: "t.CHILD"))))]), now: 0)
            let sub = try await Self.step(store, now: 1000)
            let a = try await Self.step(
                store, now: 2000, outcomes: [Self.report(sub[0], .startedChild(Self.child(of: sub[0], workflow: "t.CHILD")))])
            #expect(a.map(\.job) == [2])
            #expect(try await store.jobCancel(number: 1, now: 3000)?.answer == .stopping)
            // The worker running the child's task vanished: its lease runs out at 32,000.
            #expect(try await store.leaseRescue(now: 40_000) == 1)
            #expect(try await store.jobGet(number: 2)?.status == .interrupted)
            let step = try await store.taskList(job: 1)[0]
            #expect(step.status == .canceled)
            #expect(step.result?["status"] == "interrupted")
            #expect(try await store.jobGet(number: 1)?.status == .interrupted)
        }
    }

    @Test func aChildStartedByAStepBeingCancelledIsCancelledAtOnce() async throws {
        try await Self.withStore { store in
            _ = try await store.jobInsert(
                Self.dag([("sub", [], TaskBody(kind: .workflow(SubWorkflowCall(workflow: "t.CHILD"))))]), now: 0)
            let sub = try await Self.step(store, now: 1000)
            #expect(try await store.jobCancel(number: 1, now: 1500)?.answer == .stopping)
            let result = try await store.workStep(
                WorkStep(
                    outcomes: [Self.report(sub[0], .startedChild(Self.child(of: sub[0], workflow: "t.CHILD")))],
                    claim: ClaimRequest(worker: "w1", limit: 10, leaseUntil: 40_000), now: 2000))
            #expect(result.claimed.isEmpty, "the child's tasks never run")
            #expect(result.endedJobs.map(\.number) == [2, 1])
            #expect(try await store.jobGet(number: 2)?.status == .interrupted)
            #expect(try await store.taskList(job: 1)[0].status == .canceled)
            #expect(try await store.jobGet(number: 1)?.status == .interrupted)
        }
    }

    @Test func anOlderChildRerunDoesNotEndAStepWaitingForItsNewerChild() async throws {
        try await Self.withStore { store in
            _ = try await store.jobInsert(
                Self.dag([("sub", [], TaskBody(kind: .workflow(SubWorkflowCall(workflow: "t.CHILD"))))]), now: 0)
            let sub = try await Self.step(store, now: 1000)
            let a = try await Self.step(
                store, now: 2000, outcomes: [Self.report(sub[0], .startedChild(Self.child(of: sub[0], workflow: "t.CHILD")))])
            let b = try await Self.step(store, now: 3000, outcomes: [Self.succeeded(a[0])])
            _ = try await Self.step(store, now: 4000, outcomes: [Self.succeeded(b[0])])
            #expect(try await store.jobGet(number: 1)?.status == .success)

            _ = try await store.jobRerun(number: 1, from: "sub", now: 5000)
            let again = try await Self.step(store, now: 6000)
            let newer = try await Self.step(
                store, now: 7000,
                outcomes: [Self.report(again[0], .startedChild(Self.child(of: again[0], workflow: "t.CHILD")))])
            #expect(newer.map(\.job) == [3])
            _ = try await store.jobRerun(number: 2, from: "a", now: 8000)
            let olderA = try await Self.step(store, now: 9000)
            #expect(olderA.map(\.job) == [2])
            let olderB = try await Self.step(store, now: 10_000, outcomes: olderA.map(Self.succeeded))
            _ = try await Self.step(store, now: 11_000, outcomes: olderB.map(Self.succeeded))
            #expect(try await store.jobGet(number: 2)?.status == .success, "the older child ended again")
            #expect(try await store.taskList(job: 1)[0].status == .waiting, "the step still waits for the newer one")

            let newerB = try await Self.step(store, now: 12_000, outcomes: newer.map(Self.succeeded))
            _ = try await Self.step(store, now: 13_000, outcomes: newerB.map(Self.succeeded))
            #expect(try await store.taskList(job: 1)[0].result?["number"] == 3, "the newer child ended the step")
            #expect(try await store.jobGet(number: 1)?.status == .success)
        }
    }

    @Test func nestedSubWorkflowsEndTogetherAndCancelTogether() async throws {
        for cancels in [false, true] {
            try await Self.withStore { store in
                let call = TaskBody(kind: .workflow(SubWorkflowCall(workflow: "t.MIDDLE")))
                _ = try await store.jobInsert(Self.dag([("sub", [], call)]), now: 0)
                let outer = try await Self.step(store, now: 1000)
                var middle = Self.dag(
                    [("sub", [], TaskBody(kind: .workflow(SubWorkflowCall(workflow: "t.INNER"))))], workflow: "t.MIDDLE")
                middle.parentTask = outer[0].id
                let inner = try await Self.step(store, now: 2000, outcomes: [Self.report(outer[0], .startedChild(middle))])
                #expect(inner.map(\.job) == [2])
                let a = try await Self.step(
                    store, now: 3000,
                    outcomes: [Self.report(inner[0], .startedChild(Self.child(of: inner[0], workflow: "t.INNER")))])
                #expect(a.map(\.job) == [3])
                if cancels {
                    #expect(try await store.jobCancel(number: 1, now: 3500)?.answer == .stopping)
                    #expect(try await store.jobGet(number: 3)?.status == .stopping, "the grandchild is cancelled too")
                    _ = try await Self.step(
                        store, now: 4000,
                        outcomes: [Self.report(a[0], .failed(TaskError(exception: "stopped", traceback: ""), retryable: true))])
                } else {
                    let b = try await Self.step(store, now: 4000, outcomes: [Self.succeeded(a[0])])
                    let last = try await store.workStep(WorkStep(outcomes: [Self.succeeded(b[0])], claim: nil, now: 5000))
                    #expect(last.endedJobs.map(\.number) == [3, 2, 1], "the step reports the jobs its child's end ended")
                }
                let expected: JobStatus = cancels ? .interrupted : .success
                for number: Int64 in [3, 2, 1] {
                    #expect(try await store.jobGet(number: number)?.status == expected, "job \(number)")
                }
                #expect(try await store.taskList(job: 1)[0].result?["number"] == 2)
            }
        }
    }

    @Test func aFanOutOfTenThousandItemsIsInsertedInOneStep() async throws {
        try await Self.withStore { store in
            let body = TaskBody(kind: .shell(.script("true")), foreach: FanOut(source: .payload(path: ["items"])))
            _ = try await store.jobInsert(Self.dag([("fan", [], body)]), now: 0)
            let fan = try await Self.step(store, now: 1000)
            let items = (0..<10_000).map { FanOutItem(index: $0, value: .int($0)) }
            let clock = ContinuousClock()
            let started = clock.now
            let first = try await Self.step(store, now: 2000, outcomes: [Self.report(fan[0], .fannedOut(items))])
            #expect(clock.now - started < .seconds(20))
            #expect(first.map(\.key) == (0..<10).map { "fan[\($0)]" })
            #expect(try await store.taskReadyCounts()["default"] == 9_990)
            #expect(try await store.taskList(job: 1).count == 10_001)
        }
    }
}
