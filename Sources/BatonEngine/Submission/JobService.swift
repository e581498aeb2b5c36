import BatonCore
import BatonStore
import Foundation

/// What every client (CLI, APIs, schedules) does to jobs: start, relaunch, cancel. It stores
/// first and wakes the local engine after, so an answered request is never lost.
public struct JobService: Sendable {
    public let store: any Store
    public let definitions: DefinitionSet
    public let engine: Engine?
    public let clock: MillisClock
    /// Where submissions and cancels are counted: the engine's metrics when there is one, so
    /// one `GET /metrics` shows both.
    public let metrics: BatonMetrics
    /// Where the span of a job this service ends goes (a cancel with nothing running); its
    /// engine's tracing unless given.
    let tracing: BatonTracing
    /// Shared by every copy of this service: concurrent submissions commit together.
    let submissions: GroupCommit

    public init(
        store: any Store, definitions: DefinitionSet, engine: Engine? = nil, clock: MillisClock = .system,
        metrics: BatonMetrics? = nil, tracing: BatonTracing? = nil
    ) {
        self.store = store
        self.definitions = definitions
        self.engine = engine
        self.clock = clock
        self.metrics = metrics ?? engine?.metrics ?? BatonMetrics()
        self.tracing = tracing ?? engine?.tracing ?? .off
        submissions = GroupCommit(metrics: self.metrics) { [store, clock] jobs in
            try await store.jobInsert(jobs, now: clock.now)
        }
    }

    /// Starts a job. With a `key` (a client's Idempotency-Key), a second start with the same key
    /// within 24 hours returns the first job instead.
    public func start(
        workflow: String, payload: JSON, input: [String: [String: JSON]] = [:], comment: String? = nil,
        periodic: Bool = false, key: String? = nil
    ) async throws -> JobRecord {
        guard let definition = definitions.workflow(named: workflow) else { throw SubmissionError.unknownWorkflow(workflow) }
        return try await insert(
            JobPlanner.plan(
                definition, payload: payload, input: input, comment: comment,
                periodic: periodic, key: key))
    }

    /// Stores first, then wakes the local engine.
    private func insert(_ job: NewJob) async throws -> JobRecord {
        let record = try await submissions.insert(job)
        metrics.jobSubmitted(workflow: record.workflow)
        engine?.notify()
        return record
    }

    /// A new job with the same definition, payload, input and comment.
    public func relaunch(_ job: JobRecord) async throws -> JobRecord {
        try await start(workflow: job.workflow, payload: job.payload, input: job.input, comment: job.comment)
    }

    /// Retry from the failure: a new job of the same definition, payload, input and comment in
    /// which the tasks that succeeded keep their results and only the others run.
    public func retry(_ job: JobRecord) async throws -> JobRecord {
        guard job.status == .failed || job.status == .interrupted else {
            throw SubmissionError.nothingToRetry(job: job.number, status: job.status)
        }
        guard let definition = definitions.workflow(named: job.workflow) else {
            throw SubmissionError.unknownWorkflow(job.workflow)
        }
        var succeeded: [Int: JSON] = [:]
        for task in try await store.taskList(job: job.number)
        where task.hook == nil && task.status == .success && definition.steps.indices.contains(task.position)
            && definition.steps[task.position].key == task.key
        {
            succeeded[task.position] = task.result ?? .null
        }
        return try await insert(
            JobPlanner.plan(
                definition, payload: job.payload, input: job.input, comment: job.comment,
                succeeded: succeeded))
    }

    /// Rerun from a step (SPEC §13): the ended job runs `step` and every task below it again, in
    /// the same job, and the engine is woken to claim them. Throws `RerunError` (naming the job
    /// and the step) when the store refuses; nil if the job was deleted meanwhile.
    public func rerun(_ job: JobRecord, from step: String) async throws -> JobRecord? {
        let record = try await store.jobRerun(number: job.number, from: step, now: clock.now)
        engine?.notify()
        return record
    }

    /// Nil if the job is unknown; an ended job comes back unchanged.
    public func cancel(number: Int64) async throws -> JobRecord? {
        try await cancellation(number: number)?.job
    }

    /// Cancels a job and says what the cancel did; nil if the job is unknown.
    public func cancellation(number: Int64) async throws -> JobCancellation? {
        let cancellation = try await store.jobCancel(number: number, now: clock.now)
        // Ended by this cancel (nothing was running): no engine will see it end, so its metrics
        // and its trace span are sent from here.
        if let cancellation, cancellation.answer == .interrupted {
            let job = cancellation.job
            metrics.jobEnded(workflow: job.workflow, status: .interrupted)
            tracing.jobEnded(
                EndedJob(
                    number: job.number, workflow: job.workflow, status: .interrupted, uuid: job.uuid,
                    created: job.created, ended: job.ended))
        }
        engine?.notifyCancel()
        return cancellation
    }

    /// Whether nothing more will happen to the job (`JobMachine.isSettled`), from the job and
    /// its tasks as stored.
    public func isSettled(_ job: JobRecord, tasks: [TaskRecord]) -> Bool {
        JobMachine.isSettled(
            status: job.status, hasFailureHook: job.hasFailureHook,
            hooks: tasks.compactMap { task in task.hook.map { ($0, task.status) } })
    }

    /// A job by its integer id or its UUID.
    public func job(reference: String) async throws -> JobRecord? {
        if let number = Int64(reference) { return try await store.jobGet(number: number) }
        if let uuid = Identifiers.uuid(reference) { return try await store.jobGet(uuid: uuid) }
        return nil
    }
}
