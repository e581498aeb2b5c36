import BatonCore
import BatonStore
import Foundation

/// Rerun from a step (SPEC §13): an ended job runs a step and what is below it again.
enum RerunChecks {
    static let all: [ConformanceCheck] = [
        ConformanceCheck(name: "a rerun runs the step and what is below it as new attempts", body: rerun),
        ConformanceCheck(name: "a rerun refuses, naming job and step", body: refusals),
    ]

    /// a → b with a success hook `notify` and a failure hook `alarm`.
    private static func hooked() -> NewJob {
        var job = chain()
        let body = TaskBody(kind: .shell(.script("true")), retries: 0, retryDelay: 1)
        job.tasks.append(
            NewTask(
                position: -1, key: "notify", name: "notify", taskName: "NOTIFY", body: body, parents: [],
                queue: "default", hook: .success))
        job.failureHook = NewTask(
            position: -1, key: "alarm", name: "alarm", taskName: "ALARM", body: body, parents: [],
            queue: "default", hook: .failure)
        return job
    }

    private static func task(_ store: any Store, _ job: Int64, _ key: String) async throws -> TaskRecord {
        let tasks = try await store.taskList(job: job).filter { $0.key == key }
        try expect(tasks.count, 1, "tasks keyed \(key)")
        return tasks[0]
    }

    static func rerun(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        let job = try await store.jobInsert(hooked(), now: 1000).number
        let a = try await claim(store, now: 1000)
        let b = try await claim(store, now: 2000, outcomes: [success(a[0], rows: .memory([["1", "2"]]))])
        let alarm = try await claim(store, now: 3000, outcomes: [failure(b[0], retryable: false)])
        try expect(alarm.map(\.key), ["alarm"], "the failure hook runs")
        _ = try await claim(store, now: 4000, outcomes: [success(alarm[0])])
        try expect(try await store.jobGet(number: job)?.status, .failed, "the job failed")

        let rerun = try await store.jobRerun(number: job, from: "b", now: 5000)
        try expect(rerun?.status, .running, "the job runs again")
        try expect(rerun?.ended == nil, "a running job has no end")
        let kept = try await task(store, job, "a")
        try expect(kept.status, .success, "a keeps its status")
        try expect(kept.result, ["ok": true], "a keeps its result")
        try expect(kept.attempt, 1, "a keeps its attempt")
        try expect(try await store.taskRows(task: kept.id, offset: 0, limit: 10), [["1", "2"]], "a keeps its rows")
        let reset = try await task(store, job, "b")
        try expect(reset.status, .ready, "b runs again")
        try expect(reset.error == nil && reset.started == nil && reset.ended == nil, "b's earlier run is cleared")
        try expect(try await task(store, job, "alarm").status, .pending, "the failure hook waits for the new end")
        try expect(try await task(store, job, "notify").status, .pending, "the success hook waits for the new end")

        // b fails again: the failure hook added at the first failure runs again, not a second one.
        let again = try await claim(store, now: 6000)
        try expect(again.map(\.key), ["b"], "b is claimed")
        try expect(again[0].attempt, 2, "b's new attempt")
        let alarmAgain = try await claim(store, now: 7000, outcomes: [failure(again[0], retryable: false)])
        try expect(alarmAgain.map(\.id), [alarm[0].id], "the same failure hook")
        try expect(alarmAgain[0].attempt, 2, "the failure hook's new attempt")
        _ = try await claim(store, now: 7500, outcomes: [success(alarmAgain[0])])
        try expect(try await store.taskList(job: job).filter { $0.hook == .failure }.count, 1, "one failure hook")

        // From a: both run again, a's rows go with its result, its log stays.
        try expect(try await store.jobRerun(number: job, from: "a", now: 8000)?.status, .running, "running again")
        try expect(try await store.taskRows(task: kept.id, offset: 0, limit: 10), [], "a's rows are cleared")
        try expect(try await task(store, job, "a").result == nil, "a's result is cleared")
        try expect(try await store.taskLogs(task: kept.id).map(\.attempt), [1], "a's earlier log stays")
        var outcomes: [TaskOutcome] = []
        var attempts: [String: Int] = [:]
        for step in 0..<4 {
            let claimed = try await claim(store, now: 9000 + Int64(step) * 1000, outcomes: outcomes)
            for task in claimed { attempts[task.key] = task.attempt }
            outcomes = claimed.map { success($0) }
        }
        try expect(attempts, ["a": 2, "b": 3, "notify": 1], "new attempts, and the success hook runs")
        let ended = try await store.jobGet(number: job)
        try expect(ended?.status, .success, "the rerun job succeeds")
        try expect(ended?.ended != nil, "it has ended")
        try expect(try await task(store, job, "alarm").status, .canceled, "the failure hook is not due")
    }

    static func refusals(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        let job = try await store.jobInsert(hooked(), now: 1000).number
        try await expectRefusal(.jobNotEnded(job: job, status: .pending)) {
            try await store.jobRerun(number: job, from: "a", now: 1000)
        }
        try expect(try await store.jobRerun(number: 99, from: "a", now: 1000) == nil, "an unknown job")
        let a = try await claim(store, now: 1000)
        try await expectRefusal(.jobNotEnded(job: job, status: .running)) {
            try await store.jobRerun(number: job, from: "a", now: 1500)
        }
        let alarm = try await claim(store, now: 2000, outcomes: [failure(a[0], retryable: false)])
        try await expectRefusal(.hookNotFinished(job: job, hook: "alarm")) {
            try await store.jobRerun(number: job, from: "a", now: 2500)
        }
        _ = try await claim(store, now: 3000, outcomes: [success(alarm[0])])
        try await expectRefusal(.unknownStep(job: job, step: "zz")) {
            try await store.jobRerun(number: job, from: "zz", now: 3000)
        }
        try await expectRefusal(.hook(job: job, step: "notify")) {
            try await store.jobRerun(number: job, from: "notify", now: 3000)
        }
        try await expectRefusal(.parentNotSucceeded(job: job, step: "b", parent: "a", status: .failed)) {
            try await store.jobRerun(number: job, from: "b", now: 3000)
        }
        try expect(try await store.jobGet(number: job)?.status, .failed, "refusals change nothing")
    }

    private static func expectRefusal(
        _ expected: RerunError, line: Int = #line,
        _ body: () async throws -> JobRecord?
    ) async throws {
        do {
            _ = try await body()
        } catch let error as RerunError {
            try expect(error, expected, "the refusal", line: line)
            return
        }
        try expect(false, "refused with \(expected)", line: line)
    }
}
