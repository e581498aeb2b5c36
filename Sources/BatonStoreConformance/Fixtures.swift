import BatonCore
import BatonStore

/// a → b, with `queue` on every task.
func chain(queue: String = "default", retries: Int = 0, workflow: String = "t.CHAIN") -> NewJob {
    let body = TaskBody(kind: .shell(.script("true")), retries: retries, retryDelay: 1)
    return NewJob(
        workflow: workflow, project: "t", name: "CHAIN", payload: ["n": 1],
        tasks: [
            NewTask(position: 0, key: "a", name: "a", taskName: "A", body: body, parents: [], queue: queue),
            NewTask(position: 1, key: "b", name: "b", taskName: "B", body: body, parents: [0], queue: queue),
        ])
}

func fresh(_ backend: any ConformanceBackend) async throws -> any Store {
    try await backend.newDatabase().open()
}

func claim(
    _ store: any Store, worker: String = "w1", queues: [String]? = nil, limit: Int = 10, now: Int64 = 1000,
    lease: Int64 = 30_000, outcomes: [TaskOutcome] = []
) async throws -> [ClaimedTask] {
    try await store.workStep(
        WorkStep(
            outcomes: outcomes, claim: ClaimRequest(worker: worker, queues: queues, limit: limit, leaseUntil: now + lease),
            now: now)
    ).claimed
}

func success(_ task: ClaimedTask, worker: String = "w1", result: JSON = ["ok": true], rows: RowsSource? = nil) -> TaskOutcome {
    TaskOutcome(
        task: task.id, job: task.job, attempt: task.attempt, worker: worker, result: .succeeded(result, rows: rows),
        log: "hello")
}

func failure(_ task: ClaimedTask, worker: String = "w1", retryable: Bool = true) -> TaskOutcome {
    TaskOutcome(
        task: task.id, job: task.job, attempt: task.attempt, worker: worker,
        result: .failed(TaskError(exception: "exit status 2", traceback: "oops"), retryable: retryable))
}

/// Runs every claimed task to success until `jobs` jobs succeeded; returns the ids it claimed.
func drain(_ store: any Store, worker: String, jobs: Int, limit: Int = 7) async throws -> [Int64] {
    var mine: [Int64] = []
    var outcomes: [TaskOutcome] = []
    let deadline = ContinuousClock.now + .seconds(60)
    while true {
        try expect(ContinuousClock.now < deadline, "\(jobs) jobs done within 60 s")
        let claimed = try await claim(store, worker: worker, limit: limit, outcomes: outcomes)
        outcomes = claimed.map { success($0, worker: worker) }
        mine += claimed.map(\.id)
        if claimed.isEmpty, try await store.jobList(JobQuery(status: .success)).total == jobs { return mine }
    }
}

/// Waits for `condition`, looking every 10 ms, for at most 10 seconds.
func waitUntil(_ what: String, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(10)
    while try await !condition() {
        try expect(ContinuousClock.now < deadline, "\(what) within 10 s")
        try await Task.sleep(for: .milliseconds(10))
    }
}
