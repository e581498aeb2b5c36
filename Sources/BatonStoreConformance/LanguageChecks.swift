import BatonCore
import BatonStore
import Foundation

/// The workflow language's store side (SPEC §13): skipped steps, fan-out instances, sub-workflow
/// child jobs and their cancel, rerun through a fan-out step. Outcomes are reported as a worker
/// would, through `workStep`.
enum LanguageChecks {
    static let all: [ConformanceCheck] = [
        ConformanceCheck(name: "a skipped step skips its descendants and the job succeeds", body: skipped),
        ConformanceCheck(name: "a fan-out runs its instances under its concurrency, then its child", body: fanOut),
        ConformanceCheck(name: "an empty fan-out succeeds at once and its child runs", body: emptyFanOut),
        ConformanceCheck(name: "a failed instance fails its fan-out step once the running ones end", body: failedInstance),
        ConformanceCheck(name: "a sub-workflow step waits for its child job and ends as it succeeded", body: childSuccess),
        ConformanceCheck(name: "a failed child job fails its sub-workflow step", body: childFailure),
        ConformanceCheck(name: "cancelling a parent job ends its pending child job at once", body: cancelPendingChild),
        ConformanceCheck(name: "cancelling a parent job stops its child's running task, then both end", body: cancelRunningChild),
        ConformanceCheck(name: "a rerun from a fan-out step removes its instances and expands again", body: rerunFanOut),
        ConformanceCheck(name: "a large fan-out inserts every instance", body: largeFanOut),
        ConformanceCheck(name: "cancelling a parent job reaches its child's own child job", body: cancelGrandchild),
    ]

    private static let shell = TaskBody(kind: .shell(.script("true")))

    /// A job of `steps` (key, parent positions, body), each step's name and task its key.
    private static func dag(_ steps: [(key: String, parents: [Int], body: TaskBody)], workflow: String = "t.LANG") -> NewJob {
        NewJob(
            workflow: workflow, project: "t", name: "LANG", payload: ["n": 1],
            tasks: steps.enumerated().map { position, step in
                NewTask(
                    position: position, key: step.key, name: step.key, taskName: step.key.uppercased(), body: step.body,
                    parents: step.parents, queue: "default")
            })
    }

    /// A fan-out step's body: one instance per item of the payload's `items`, `concurrency` at once.
    private static func fanOutBody(concurrency: Int? = nil, retries: Int = 0) -> TaskBody {
        TaskBody(
            kind: .shell(.script("echo $BATON_ITEM")), retries: retries,
            foreach: FanOut(source: .payload(path: ["items"]), concurrency: concurrency))
    }

    private static func items(_ count: Int) -> [FanOutItem] {
        (0..<count).map { FanOutItem(index: $0, value: ["item": .int($0)]) }
    }

    private static func report(_ task: ClaimedTask, _ result: TaskOutcome.Result, worker: String = "w1") -> TaskOutcome {
        TaskOutcome(task: task.id, job: task.job, attempt: task.attempt, worker: worker, result: result)
    }

    private static func task(_ store: any Store, job: Int64, key: String) async throws -> TaskRecord {
        guard let task = try await store.taskList(job: job).first(where: { $0.key == key }) else {
            throw ConformanceFailure(description: "job \(job) has no task \(key)")
        }
        return task
    }

    static func skipped(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        // a → b → c, a → d: b's condition is false.
        _ = try await store.jobInsert(
            dag([("a", [], shell), ("b", [0], shell), ("c", [1], shell), ("d", [0], shell)]), now: 0)
        let a = try await claim(store)
        let next = try await claim(store, outcomes: [success(a[0])])
        try expect(next.map(\.key), ["b", "d"], "a's children run")
        let left = try await claim(store, outcomes: [report(next[0], .skipped), success(next[1])])
        try expect(left.isEmpty, "c is not run")
        let tasks = try await store.taskList(job: 1)
        try expect(tasks.map(\.status), [.success, .skipped, .skipped, .success], "b and its descendant c are skipped")
        try expect(tasks[1].result == nil && tasks[1].error == nil, "a skipped step has no result and no error")
        try expect(tasks[1].ended, 1000, "a skipped step has ended")
        try expect(try await store.jobGet(number: 1)?.status, .success, "skipped steps let the job succeed")
    }

    static func fanOut(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        // a → fan (7 items, 3 at once) → after.
        _ = try await store.jobInsert(
            dag([("a", [], shell), ("fan", [0], fanOutBody(concurrency: 3)), ("after", [1], shell)]), now: 0)
        let a = try await claim(store)
        let fan = try await claim(store, outcomes: [success(a[0], result: ["from": "a"])])
        try expect(fan.map(\.key), ["fan"], "the fan-out step is claimed like any step")
        let items = items(7)
        var running = try await claim(store, now: 2000, outcomes: [report(fan[0], .fannedOut(items))])
        try expect(running.map(\.key), ["fan[0]", "fan[1]", "fan[2]"], "concurrency 3: three instances, in order")
        try expect(running.map(\.body.item), items[0..<3].map(Optional.some), "each claim shows its item")
        try expect(running.map { $0.body.foreach == nil }, [true, true, true], "an instance does not fan out again")
        try expect(running.map(\.parents), Array(repeating: ["from": "a"], count: 3), "instances see the step's parents")

        let step = try await task(store, job: 1, key: "fan")
        try expect(step.status, .waiting, "the step waits for its instances")
        try expect(step.result, ["instances": 7], "the step's result counts its instances")
        let instances = try await store.taskList(job: 1).filter { $0.instanceOf == step.id }
        try expect(instances.map(\.key), (0..<7).map { "fan[\($0)]" }, "seven instances, keyed step[i]")
        try expect(instances.map(\.name), (0..<7).map { "fan[\($0)]" }, "instances named step[i]")
        try expect(instances.map(\.parents), Array(repeating: step.parents, count: 7), "instances have the step's parents")
        try expect(
            instances.map(\.status), [.running, .running, .running, .pending, .pending, .pending, .pending],
            "the others wait their turn")

        var now: Int64 = 3000
        let first = running.removeFirst()
        let third = try await claim(store, now: now, outcomes: [success(first, result: ["done": 0])])
        try expect(third.map(\.key), ["fan[3]"], "finishing one instance makes the next claimable")
        running += third
        var after: [ClaimedTask] = []
        while !running.isEmpty {
            now += 100
            let claimed = try await claim(store, now: now, outcomes: running.map { success($0) })
            running = claimed.filter { $0.key.hasPrefix("fan[") }
            after += claimed.filter { $0.key == "after" }
            try expect(running.count <= 3, "never more than three instances at once")
        }
        try expect(after.map(\.key), ["after"], "the step's child runs once every instance succeeded")
        let done = try await task(store, job: 1, key: "fan")
        try expect(done.status, .success, "the step succeeded")
        try expect(done.result, ["instances": 7], "its result")
        try expect(after[0].parents, ["instances": 7], "the child sees the step's result")
        _ = try await claim(store, now: now + 100, outcomes: [success(after[0])])
        try expect(try await store.jobGet(number: 1)?.status, .success, "the job succeeded")
    }

    static func emptyFanOut(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        _ = try await store.jobInsert(dag([("fan", [], fanOutBody(concurrency: 3)), ("after", [0], shell)]), now: 0)
        let fan = try await claim(store)
        let after = try await claim(store, outcomes: [report(fan[0], .fannedOut([]))])
        try expect(after.map(\.key), ["after"], "the child runs at once")
        let tasks = try await store.taskList(job: 1)
        try expect(tasks.count, 2, "no instances")
        try expect(tasks[0].status, .success, "an empty fan-out succeeded")
        try expect(tasks[0].result, ["instances": 0], "with no instances")
        _ = try await claim(store, outcomes: [success(after[0])])
        try expect(try await store.jobGet(number: 1)?.status, .success, "the job succeeded")
    }

    static func failedInstance(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        _ = try await store.jobInsert(dag([("fan", [], fanOutBody(concurrency: 3)), ("after", [0], shell)]), now: 0)
        let fan = try await claim(store)
        let running = try await claim(store, outcomes: [report(fan[0], .fannedOut(items(7)))])
        try expect(running.count, 3, "three instances run")
        let none = try await claim(store, now: 2000, outcomes: [failure(running[0], retryable: false)])
        try expect(none.isEmpty, "after a failed instance, no other starts")
        try expect(try await task(store, job: 1, key: "fan").status, .waiting, "the step waits for the running instances")
        try expect(try await store.jobGet(number: 1)?.status, .running, "the job is still running")
        try expect(
            try await store.taskList(job: 1).filter { $0.instanceOf != nil }.map(\.status),
            [.failed, .running, .running, .canceled, .canceled, .canceled, .canceled], "the not-started are canceled")
        _ = try await claim(store, now: 3000, outcomes: [success(running[1]), success(running[2])])
        let tasks = try await store.taskList(job: 1)
        try expect(tasks[0].status, .failed, "the step failed once the running instances ended")
        try expect(tasks[1].status, .canceled, "its child never runs")
        try expect(try await store.jobGet(number: 1)?.status, .failed, "the job failed")
    }

    /// A parent job (`sub` → `after`) whose `sub` step has started a child job (a → b), number 2.
    private static func startChild(_ store: any Store) async throws -> (sub: ClaimedTask, child: NewJob) {
        let call = SubWorkflowCall(workflow: "t.CHILD")
        let parent = try await store.jobInsert(
            dag([("sub", [], TaskBody(kind: .workflow(call))), ("after", [0], shell)]), now: 0)
        let sub = try await claim(store)
        try expect(sub.map(\.key), ["sub"], "the sub-workflow step is claimed")
        var child = chain(workflow: "t.CHILD")
        child.comment = SubWorkflowCall.comment(parentJob: parent.uuid.uuidString.lowercased(), step: "sub")
        child.parentTask = sub[0].id
        _ = try await store.workStep(WorkStep(outcomes: [report(sub[0], .startedChild(child))], claim: nil, now: 1500))
        return (sub[0], child)
    }

    static func childSuccess(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        let (sub, planned) = try await startChild(store)
        guard let child = try await store.jobGet(number: 2) else { throw ConformanceFailure(description: "no child job") }
        try expect(child.uuid, planned.uuid, "the child job is the one planned")
        try expect(child.workflow, "t.CHILD", "of the called workflow")
        try expect(child.comment, planned.comment, "with its comment")
        try expect(child.parentTask, sub.id, "linked to the step that started it")
        try expect(child.status, .pending, "and pending, as any new job")
        try expect(try await store.taskList(job: 2).map(\.status), [.ready, .pending], "its root is ready")
        try expect(try await task(store, job: 1, key: "sub").status, .waiting, "the step waits for its child")
        try expect(try await store.jobGet(number: 1)?.status, .running, "the parent job runs")

        let a = try await claim(store, now: 2000)
        try expect(a.map(\.job), [2], "the child's task runs")
        let b = try await claim(store, now: 3000, outcomes: [success(a[0])])
        let after = try await claim(store, now: 4000, outcomes: [success(b[0])])
        try expect(try await store.jobGet(number: 2)?.status, .success, "the child succeeded")
        let step = try await task(store, job: 1, key: "sub")
        try expect(step.status, .success, "the step succeeded with its child")
        try expect(
            step.result, ["job": .string(planned.uuid.uuidString.lowercased()), "number": 2, "status": "success"],
            "the step's result names its child")
        try expect(after.map(\.key), ["after"], "the parent job goes on")
        try expect(after[0].parents, step.result ?? .null, "its next step sees the child's summary")
        _ = try await claim(store, now: 5000, outcomes: [success(after[0])])
        try expect(try await store.jobGet(number: 1)?.status, .success, "the parent job succeeded")
    }

    static func childFailure(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        let (_, planned) = try await startChild(store)
        let a = try await claim(store, now: 2000)
        try expect(try await claim(store, now: 3000, outcomes: [failure(a[0], retryable: false)]).isEmpty, "nothing more runs")
        try expect(try await store.jobGet(number: 2)?.status, .failed, "the child failed")
        let step = try await task(store, job: 1, key: "sub")
        try expect(step.status, .failed, "the step failed with its child")
        try expect(
            step.result, ["job": .string(planned.uuid.uuidString.lowercased()), "number": 2, "status": "failed"],
            "the step's result names its child")
        try expect(try await store.taskList(job: 1).map(\.status), [.failed, .canceled], "the step below is canceled")
        try expect(try await store.jobGet(number: 1)?.status, .failed, "the parent job failed")
    }

    static func cancelPendingChild(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        let (_, planned) = try await startChild(store)
        guard let cancellation = try await store.jobCancel(number: 1, now: 2000) else {
            throw ConformanceFailure(description: "the parent job is unknown")
        }
        try expect(cancellation.job.status, .interrupted, "the parent job ended at once")
        try expect(cancellation.answer, .interrupted, "nothing was running: the cancel ended the job")
        try expect(try await store.jobGet(number: 2)?.status, .interrupted, "the child job ended at once")
        try expect(try await store.taskList(job: 2).map(\.status), [.canceled, .canceled], "the child's tasks are canceled")
        let step = try await task(store, job: 1, key: "sub")
        try expect(step.status, .canceled, "the step is canceled")
        try expect(
            step.result, ["job": .string(planned.uuid.uuidString.lowercased()), "number": 2, "status": "interrupted"],
            "the step's result names its child")
        try expect(try await claim(store, now: 3000).isEmpty, "nothing runs")
    }

    static func cancelRunningChild(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        _ = try await startChild(store)
        let a = try await claim(store, now: 2000)
        try expect(a.map(\.job), [2], "the child's task runs")
        let cancellation = try await store.jobCancel(number: 1, now: 2500)
        try expect(cancellation?.answer, .stopping, "the parent job stops")
        try expect(try await store.jobGet(number: 2)?.status, .stopping, "its child job is cancelled too")
        try expect(
            try await store.leaseRenew(worker: "w1", tasks: [a[0].id], until: 60_000, now: 2600), [a[0].id],
            "the child's running task is asked to stop")
        try expect(try await store.jobGet(number: 1)?.status, .stopping, "the parent waits for its child")
        _ = try await claim(store, now: 3000, outcomes: [failure(a[0])])
        try expect(try await store.jobGet(number: 2)?.status, .interrupted, "the child ended when its task stopped")
        try expect(try await task(store, job: 1, key: "sub").status, .canceled, "the step is canceled")
        try expect(try await store.jobGet(number: 1)?.status, .interrupted, "then the parent job ended")
    }

    static func rerunFanOut(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        _ = try await store.jobInsert(dag([("fan", [], fanOutBody()), ("after", [0], shell)]), now: 0)
        let fan = try await claim(store)
        let first = try await claim(store, outcomes: [report(fan[0], .fannedOut(items(3)))])
        try expect(first.count, 3, "no bound: every instance runs")
        let after = try await claim(store, now: 2000, outcomes: first.map { success($0) })
        _ = try await claim(store, now: 3000, outcomes: [success(after[0])])
        try expect(try await store.jobGet(number: 1)?.status, .success, "the first run succeeded")

        _ = try await store.jobRerun(number: 1, from: "fan", now: 4000)
        let tasks = try await store.taskList(job: 1)
        try expect(tasks.map(\.key), ["fan", "after"], "the old instances are gone")
        try expect(tasks.map(\.status), [.ready, .pending], "the step runs again")
        for old in first {
            try expect(try await store.taskLogs(task: old.id).isEmpty, "an old instance's logs went with it")
        }
        let again = try await claim(store, now: 5000)
        try expect(again.map(\.key), ["fan"], "the step is claimed again")
        let second = try await claim(store, now: 6000, outcomes: [report(again[0], .fannedOut(items(2)))])
        try expect(second.map(\.key), ["fan[0]", "fan[1]"], "it expands again, into new instances")
        try expect(Set(second.map(\.id)).isDisjoint(with: first.map(\.id)), "new tasks, not the old ones")
        try expect(try await task(store, job: 1, key: "fan").result, ["instances": 2], "its new result")
        let rerunAfter = try await claim(store, now: 7000, outcomes: second.map { success($0) })
        _ = try await claim(store, now: 8000, outcomes: [success(rerunAfter[0])])
        try expect(try await store.jobGet(number: 1)?.status, .success, "the rerun succeeded")
        try expect(try await store.taskList(job: 1).count, 4, "the step, its two new instances and its child")
    }

    static func largeFanOut(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        _ = try await store.jobInsert(dag([("fan", [], fanOutBody(concurrency: 2))]), now: 0)
        let fan = try await claim(store)
        let count = 1234
        let running = try await claim(store, outcomes: [report(fan[0], .fannedOut(items(count)))])
        try expect(running.map(\.key), ["fan[0]", "fan[1]"], "two at once")
        let instances = try await store.taskList(job: 1).filter { $0.instanceOf == fan[0].id }
        try expect(instances.map(\.key), (0..<count).map { "fan[\($0)]" }, "every instance, in order")
        try expect(Set(instances.map(\.uuid)).count, count, "each its own uuid")
        let last = try await claim(store, limit: 1, outcomes: [success(running[0])])
        try expect(last.map(\.body.item), [FanOutItem(index: 2, value: ["item": 2])], "the third item next")
    }

    static func cancelGrandchild(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        _ = try await startChild(store)
        // The child job (2) runs its root, which starts a grandchild job (3).
        let a = try await claim(store, now: 2000)
        var grandchild = chain(workflow: "t.GRANDCHILD")
        grandchild.parentTask = a[0].id
        _ = try await store.workStep(WorkStep(outcomes: [report(a[0], .startedChild(grandchild))], claim: nil, now: 2500))
        try expect(try await task(store, job: 2, key: "a").status, .waiting, "the child's step waits for the grandchild")
        let cancellation = try await store.jobCancel(number: 1, now: 3000)
        try expect(cancellation?.job.status, .interrupted, "the parent job ended at once")
        try expect(
            try await store.jobList(JobQuery(ascending: true)).jobs.map(\.status), [.interrupted, .interrupted, .interrupted],
            "the cancel went down to the grandchild, and each end came back up")
        try expect(try await task(store, job: 2, key: "a").result?["status"], "interrupted", "the child's step names its end")
        try expect(try await claim(store, now: 4000).isEmpty, "nothing runs")
    }
}
