import BatonCore
import BatonStore
import Foundation
import Logging
import Synchronization

/// Runs tasks: claims ready ones with a lease, runs them concurrently, and reports their
/// outcomes. Finished attempts and new claims share one store transaction per round (group
/// commit); the loop sleeps only when there is nothing to do, and is woken when work appears.
public final class Engine: Sendable {
    let store: any Store
    let configuration: EngineConfiguration
    let runner: TaskRunner
    let clock: MillisClock
    let logger: Logger
    /// What this engine's work shows on `GET /metrics`.
    public let metrics: BatonMetrics
    /// Spans of this engine's attempts and of the jobs its work steps end.
    let tracing: BatonTracing
    let wakeup = Wakeup()
    let maintenanceWakeup = Wakeup()
    let state = Mutex(State())
    /// Whether the store is telling this engine of ready work (then idle polls are rare).
    let announced = Atomic<Bool>(false)
    private let progress = Wakeup()

    struct State {
        var outcomes: [TaskOutcome] = []
        var running: [Int64: Task<Void, Never>] = [:]
        /// Tasks that ended before `start` registered them.
        var endedUnregistered: Set<Int64> = []
        /// Attempt files to delete once their outcome is stored (rows are read from them).
        var files: [Int64: AttemptFiles] = [:]
        var stopping = false
        /// With `onlyJob`: that job and the sub-workflow jobs started by its steps (and theirs),
        /// whose tasks this engine runs too; nil: every job.
        var onlyJobs: [Int64]?
    }

    public init(
        store: any Store, registry: TaskRegistry, configuration: EngineConfiguration,
        clock: MillisClock = .system, logger: Logger = Logger(label: "baton.engine"),
        metrics: BatonMetrics = BatonMetrics(), tracing: BatonTracing = .off
    ) {
        self.store = store
        self.metrics = metrics
        self.tracing = tracing
        self.configuration = configuration
        self.runner = TaskRunner(
            registry: registry, maxFanout: configuration.maxFanout, definitions: configuration.definitions)
        self.clock = clock
        self.logger = logger
        state.withLock { $0.onlyJobs = configuration.onlyJob.map { [$0] } }
    }

    /// Work may be waiting (a job was submitted in this process).
    public func notify() {
        wakeup.signal()
    }

    /// A job was cancelled in this process: stop its running tasks now rather than at the next check.
    public func notifyCancel() {
        maintenanceWakeup.signal()
    }

    /// Returns when this engine has stored progress (a task started or ended), or after `timeout`.
    public func waitForProgress(timeout: Duration) async {
        await progress.wait(timeout: timeout)
    }

    /// Runs until cancelled; then stops running tasks and hands their leases back.
    public func run() async throws {
        try FileManager.default.createDirectory(at: configuration.runDirectory, withIntermediateDirectories: true)
        try await reclaimFromDeadProcesses()
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.maintain() }
                group.addTask { try await self.work() }
                if let signals = store.readySignals(queues: configuration.queues) {
                    group.addTask { await self.listenForReadyWork(signals) }
                }
                try await group.next()
                group.cancelAll()
            }
        } catch is CancellationError {
        }
        // A fresh task: the store refuses work from a cancelled one.
        try await Task { try await self.shutdown() }.value
    }

    private func work() async throws {
        var backoff = StoreBackoff()
        while !Task.isCancelled {
            let (outcomes, busy, onlyJobs) = state.withLock { state in
                defer { state.outcomes.removeAll() }
                return (state.outcomes, state.running.count, state.onlyJobs)
            }
            let free = configuration.concurrency - busy
            if outcomes.isEmpty && free <= 0 {
                await wakeup.wait(timeout: .seconds(60))
                continue
            }
            let now = clock.now
            let claim =
                free > 0
                ? ClaimRequest(
                    worker: configuration.worker, queues: configuration.queues, jobs: onlyJobs,
                    limit: free, leaseUntil: now + Int64(configuration.leaseSeconds * 1000), pools: configuration.pools)
                : nil
            let result: WorkStepResult
            do {
                let started = ContinuousClock.now
                result = try await store.workStep(WorkStep(outcomes: outcomes, claim: claim, now: now))
                metrics.storeCommitted(seconds: (ContinuousClock.now - started).seconds)
            } catch {
                // Not stored: keep the outcomes for the next round or for shutdown. Tasks this
                // round may have claimed before an answer was lost are not renewed (only running
                // ones are), so they are rescued when their lease runs out.
                state.withLock { $0.outcomes.insert(contentsOf: outcomes, at: 0) }
                if Task.isCancelled { throw error }
                let delay = backoff.failed()
                logger.error("work step failed; trying again in \(delay)", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: delay)
                continue
            }
            backoff.succeeded()
            removeAttemptFiles(outcomes)
            if onlyJobs != nil { try await followChildJobs(started: outcomes) }
            for job in result.endedJobs {
                metrics.jobEnded(workflow: job.workflow, status: job.status)
                tracing.jobEnded(job)
            }
            for task in result.claimed { start(task) }
            if !outcomes.isEmpty || !result.claimed.isEmpty { progress.signal() }
            if outcomes.isEmpty && result.claimed.isEmpty {
                await wakeup.wait(timeout: try await idleWait(now: now))
            } else if let claim, result.claimed.count < claim.limit {
                // This transaction took every ready task, those its outcomes made ready included.
                // What becomes ready next is signalled (a task ends, a job is submitted here) or
                // found by the poll, so an empty claim round now would only delay the next outcome.
                await wakeup.wait(timeout: configuration.idlePoll)
            }
        }
    }

    /// An engine running one job's tasks runs those of the sub-workflow jobs its steps started
    /// too (SPEC §13): `baton workflow run --wait` would otherwise wait forever for them.
    private func followChildJobs(started outcomes: [TaskOutcome]) async throws {
        for outcome in outcomes {
            guard case .startedChild(let child) = outcome.result,
                let number = try await store.jobGet(uuid: child.uuid)?.number
            else { continue }
            state.withLock { $0.onlyJobs?.append(number) }
        }
    }

    /// How long an idle loop sleeps: until the next delayed retry, at most the poll interval
    /// (a long one when the store announces new work).
    private func idleWait(now: Int64) async throws -> Duration {
        let poll = announced.load(ordering: .relaxed) ? configuration.idlePoll * 20 : configuration.idlePoll
        guard let next = try await store.taskNextRunAfter(queues: configuration.queues), next > now else { return poll }
        return min(.milliseconds(next - now), poll)
    }

    private func start(_ task: ClaimedTask) {
        let files = AttemptFiles.needed(by: task) ? AttemptFiles(runDirectory: configuration.runDirectory, task: task) : nil
        let context = AttemptContext(
            task: task, files: files, homeDirectory: configuration.homeDirectory,
            cancelGrace: configuration.cancelGrace, logMaxBytes: configuration.logMaxBytes,
            store: store, connections: configuration.connections)
        if let files { state.withLock { $0.files[task.id] = files } }
        // The task is created outside the lock (a quick task would otherwise wait for it while
        // its creator holds it) and registered after; one that ended first is not registered.
        let startedAt = clock.now
        if task.readyAt > 0 { metrics.dispatched(after: Double(startedAt - task.readyAt) / 1000) }
        let handle = Task {
            let began = ContinuousClock.now
            let span = self.tracing.attemptStarted(task)
            let attempt = await AttemptSpan.$current.withValue(span.traceparent) { await self.runner.run(context) }
            span.end(attempt.result)
            self.metrics.attemptEnded(
                kind: task.body.kind.name, status: attempt.result.statusName,
                seconds: (ContinuousClock.now - began).seconds)
            if case .failed(let error, _) = attempt.result {
                self.logger.warning(
                    "task attempt failed: \(error.exception)",
                    metadata: [
                        "job": "\(task.job)", "task": "\(task.key)", "attempt": "\(task.attempt)",
                    ])
            }
            let outcome = TaskOutcome(
                task: task.id, job: task.job, attempt: task.attempt, worker: self.configuration.worker,
                result: attempt.result, log: attempt.log)
            let running = self.state.withLock { state in
                if state.running.removeValue(forKey: task.id) == nil { state.endedUnregistered.insert(task.id) }
                if !state.stopping { state.outcomes.append(outcome) }
                return state.running.count
            }
            self.metrics.running(running)
            self.wakeup.signal()
        }
        let running = state.withLock { state in
            if state.endedUnregistered.remove(task.id) == nil { state.running[task.id] = handle }
            return state.running.count
        }
        metrics.running(running)
    }

    private func removeAttemptFiles(_ outcomes: [TaskOutcome]) {
        guard !outcomes.isEmpty else { return }
        let files = state.withLock { state in outcomes.compactMap { state.files.removeValue(forKey: $0.task) } }
        for attempt in files { attempt.remove() }
    }

    /// A process of this machine that died (kill -9, power loss) left tasks leased to it: they
    /// run again now rather than when their leases expire.
    private func reclaimFromDeadProcesses() async throws {
        // Their task processes first: a task must not run beside what is left of its last attempt.
        let stopped = await LeftoverProcesses.stop(in: configuration.runDirectory)
        if stopped > 0 { logger.warning("stopped \(stopped) task process(es) left running by a process that is gone") }
        for worker in try await store.leaseHolders() where EngineConfiguration.isDeadLocalWorker(worker) {
            let count = try await store.leaseRelease(worker: worker, now: clock.now)
            logger.warning("requeued \(count) task(s) of \(worker), a process that is gone")
        }
    }

    /// Stops claiming, gives running attempts `shutdownGrace` to finish, stops the rest, records
    /// what finished and hands the rest back to the queue.
    private func shutdown() async throws {
        let deadline = ContinuousClock.now + .seconds(configuration.shutdownGrace)
        while state.withLock({ !$0.running.isEmpty }), ContinuousClock.now < deadline {
            await wakeup.wait(timeout: ContinuousClock.now.duration(to: deadline))
        }
        let running = state.withLock { state in
            state.stopping = true
            return Array(state.running.values)
        }
        for task in running { task.cancel() }
        for task in running { await task.value }
        // Attempts that finished before the stop are recorded; the rest run again elsewhere.
        let finished = state.withLock { state in state.outcomes }
        if !finished.isEmpty {
            let result = try await store.workStep(WorkStep(outcomes: finished, claim: nil, now: clock.now))
            for job in result.endedJobs { tracing.jobEnded(job) }
        }
        let files = state.withLock { state in Array(state.files.values) }
        for attempt in files { attempt.remove() }
        let released = try await store.leaseRelease(worker: configuration.worker, now: clock.now)
        if released > 0 { logger.info("handed back \(released) running task(s)") }
    }
}
