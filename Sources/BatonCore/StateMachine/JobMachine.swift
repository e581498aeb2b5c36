/// The one place that decides how a job and its tasks move (SPEC §1, §4).
/// Pure: it takes a snapshot and an event, and says what changed. The store writes the
/// changes in the same transaction it read the snapshot in.
public struct JobMachine: Sendable {
    public private(set) var job: JobSnapshot
    private let original: JobSnapshot
    private var failureHookAdded = false

    public enum Outcome: Sendable, Equatable {
        case succeeded
        /// `retryable: false` skips the remaining retries (the task cannot succeed by retrying).
        case failed(retryable: Bool)
        /// Its `when` condition was false: it and every step below it are skipped (SPEC §13).
        case skipped
        /// A fan-out step expanded: its instances (tasks whose `instanceOf` is this task) are in
        /// the snapshot, pending. It waits for them; with none it has succeeded (SPEC §13).
        case fannedOut
        /// A sub-workflow step started its child job: it waits for `childEnded` (SPEC §13).
        case waitingForChild
    }

    public enum Rejection: Error, Equatable {
        case unknownTask(Int64)
        case taskNotRunning(Int64, TaskStatus)
        /// `childEnded` for a task that is not waiting for a child job.
        case taskNotWaiting(Int64, TaskStatus)
    }

    /// What a cancel did (docs/task-kinds.md#what-every-kind-shares).
    public enum CancelAnswer: Sendable, Equatable {
        /// Tasks were running: they were asked to stop, and the job ends when they have.
        case stopping
        /// Nothing was running: the job ended now.
        case interrupted
        /// An earlier cancel is still stopping the job; nothing changed.
        case alreadyStopping
        /// The job had already ended with this status; nothing changed.
        case alreadyEnded(JobStatus)

        /// Whether this cancel moved the job (it was pending or running).
        public var movedTheJob: Bool { self == .stopping || self == .interrupted }
    }

    /// The status a failure hook is added with when its job fails: it runs at once.
    public static let failureHookStatus = TaskStatus.ready

    /// Retry delays double each attempt up to this many seconds.
    public static let maxRetryDelay: Double = 3600

    public init(_ job: JobSnapshot) {
        self.job = job
        self.original = job
    }

    public var changes: JobChanges {
        let before = Dictionary(uniqueKeysWithValues: original.tasks.map { ($0.id, $0) })
        let moved = job.status != original.status
        let present = Set(job.tasks.map(\.id))
        return JobChanges(
            jobStatus: moved ? job.status : nil,
            tasks: job.tasks.filter { before[$0.id] != $0 },
            failureHook: failureHookAdded ? Self.failureHookStatus : nil,
            removedTasks: original.tasks.map(\.id).filter { !present.contains($0) },
            cancelChildrenOf: job.tasks.filter { task in
                guard task.status == .waiting, task.cancelRequested, let earlier = before[task.id] else { return false }
                return earlier.status != .waiting || !earlier.cancelRequested
            }.map(\.id))
    }

    /// A claim started ready tasks of a job in `status` (the claim's one statement moved them
    /// ready → running, as `started` would): the job's new status, nil if it stays. Stores call
    /// this for each claimed job instead of loading a snapshot per claim.
    public static func claimed(jobStatus status: JobStatus) -> JobStatus? {
        status == .pending ? .running : nil
    }

    /// Whether nothing more will happen to a job: it has ended, a failed job's failure hook (if
    /// its definition had one when the job was created) has been added, and every hook has
    /// finished. `hooks` are the job's hook tasks as stored.
    public static func isSettled(
        status: JobStatus, hasFailureHook: Bool,
        hooks: [(kind: HookKind, status: TaskStatus)]
    ) -> Bool {
        guard status.isTerminal else { return false }
        let failureHookDue = status == .failed && hasFailureHook && !hooks.contains { $0.kind == .failure }
        return !failureHookDue && hooks.allSatisfy { $0.status.isFinished }
    }

    private func index(of taskId: Int64) throws -> Int {
        guard let index = job.tasks.firstIndex(where: { $0.id == taskId }) else { throw Rejection.unknownTask(taskId) }
        return index
    }

    /// A new job: tasks that wait for nothing are ready at once.
    public mutating func created() {
        settle()
    }

    /// A worker started this task.
    public mutating func started(_ taskId: Int64) throws {
        let index = try index(of: taskId)
        guard job.tasks[index].status == .ready else { throw Rejection.taskNotRunning(taskId, job.tasks[index].status) }
        job.tasks[index].status = .running
        if let next = Self.claimed(jobStatus: job.status) { move(to: next) }
    }

    /// The child job of a waiting sub-workflow step ended with `status` (SPEC §13): the step
    /// ends as it ended — succeeded, failed, or canceled (a child that was interrupted, or a
    /// step whose own job is being cancelled).
    public mutating func childEnded(_ taskId: Int64, status: JobStatus) throws {
        let index = try index(of: taskId)
        let task = job.tasks[index]
        guard task.status == .waiting else { throw Rejection.taskNotWaiting(taskId, task.status) }
        switch status {
        case _ where task.cancelRequested: job.tasks[index].status = .canceled
        case .success: job.tasks[index].status = .success
        case .failed: job.tasks[index].status = .failed
        default: job.tasks[index].status = .canceled
        }
        settle()
    }

    /// A running task's attempt ended. `now` is epoch milliseconds, for the retry delay.
    public mutating func finished(_ taskId: Int64, _ outcome: Outcome, now: Int64) throws {
        let index = try index(of: taskId)
        var task = job.tasks[index]
        guard task.status == .running else { throw Rejection.taskNotRunning(taskId, task.status) }
        if outcome == .waitingForChild {
            // Waits even when cancelled meanwhile: the store cancels the child job it started,
            // and the step ends when the child has (`cancelChildrenOf`).
            task.status = .waiting
        } else if task.cancelRequested {
            // A task stopped by cancel never ends in success.
            task.status = .canceled
        } else {
            switch outcome {
            case .succeeded:
                task.status = .success
            case .skipped:
                task.status = .skipped
            case .fannedOut:
                task.status = job.tasks.contains { $0.instanceOf == taskId } ? .waiting : .success
            case .waitingForChild:
                break
            case .failed(let retryable):
                if retryable && task.failures < task.maxRetries {
                    let delay = min(task.retryDelay * Double(1 << min(task.failures, 30)), Self.maxRetryDelay)
                    task.failures += 1
                    task.status = .ready
                    task.runAfter = now + Int64(delay * 1000)
                } else {
                    task.status = .failed
                }
            }
        }
        job.tasks[index] = task
        settle()
    }

    /// The worker running this task vanished (its lease expired). The task runs again without
    /// using up a retry, unless its job is being cancelled.
    public mutating func lost(_ taskId: Int64) throws {
        let index = try index(of: taskId)
        guard job.tasks[index].status == .running else { throw Rejection.taskNotRunning(taskId, job.tasks[index].status) }
        job.tasks[index].status = job.tasks[index].cancelRequested ? .canceled : .ready
        settle()
    }

    /// Cancel: pending tasks end at once, running ones are asked to stop.
    public mutating func cancel() -> CancelAnswer {
        if job.status == .stopping { return .alreadyStopping }
        guard job.status == .pending || job.status == .running else { return .alreadyEnded(job.status) }
        for index in job.tasks.indices {
            switch job.tasks[index].status {
            case .pending, .ready: job.tasks[index].status = .canceled
            case .running, .waiting: job.tasks[index].cancelRequested = true
            default: break
            }
        }
        move(to: .stopping)
        settle()
        return job.status == .interrupted ? .interrupted : .stopping
    }

    /// Why `rerun(from:)` refused; each case names the task it is about.
    public enum RerunRefusal: Error, Equatable {
        /// Only an ended job moves again; a pending, running or stopping one is still moving.
        case jobNotEnded(JobStatus)
        case unknownTask(Int64)
        /// Hooks are not steps: they run again at the job's new end.
        case hook(Int64)
        /// A hook of the job's earlier end has not finished; resetting it would orphan its run.
        case hookNotFinished(Int64)
        /// The step could not run: this parent of it did not succeed (it has this status).
        case parentNotSucceeded(task: Int64, parent: Int64, status: TaskStatus)
        /// A fan-out instance is not a step: rerun from its fan-out step (this task).
        case fanOutInstance(task: Int64, step: Int64)
    }

    /// Rerun from a step (SPEC §13): the step and every task below it go back to pending (ready
    /// when all its parents succeeded) as if never run, and the ended job moves back to running.
    /// The other tasks keep their results. Hooks go back to pending too, to run again at the
    /// job's new end. The attempt counter is the store's: it keeps counting.
    public mutating func rerun(from taskId: Int64) throws {
        guard job.status.isTerminal else { throw RerunRefusal.jobNotEnded(job.status) }
        guard let step = job.tasks.first(where: { $0.id == taskId }) else { throw RerunRefusal.unknownTask(taskId) }
        guard !step.isHook else { throw RerunRefusal.hook(taskId) }
        if let fanOut = step.instanceOf { throw RerunRefusal.fanOutInstance(task: taskId, step: fanOut) }
        if let hook = job.tasks.first(where: { $0.isHook && !$0.status.isFinished && $0.status != .pending }) {
            throw RerunRefusal.hookNotFinished(hook.id)
        }
        let statusById = Dictionary(uniqueKeysWithValues: job.tasks.map { ($0.id, $0.status) })
        // A step whose parent did not succeed would be canceled again at once, and the job
        // would end again having run nothing: refuse, so the user reruns from that parent.
        for parent in step.parents where statusById[parent] != .success {
            throw RerunRefusal.parentNotSucceeded(task: taskId, parent: parent, status: statusById[parent] ?? .pending)
        }
        var reset: Set<Int64> = [taskId]
        var grew = true
        while grew {
            grew = false
            for task in job.tasks
            where !task.isHook && task.instanceOf == nil && !reset.contains(task.id)
                && task.parents.contains(where: reset.contains)
            {
                reset.insert(task.id)
                grew = true
            }
        }
        // A reset fan-out step expands again, into new instances: the old ones go.
        job.tasks.removeAll { task in task.instanceOf.map(reset.contains) ?? false }
        // The failure hook a failure added is reset with the success hook and reused at the next
        // failure rather than deleted: its earlier attempts and logs stay, and it never runs twice.
        for index in job.tasks.indices where reset.contains(job.tasks[index].id) || job.tasks[index].isHook {
            job.tasks[index].status = .pending
            job.tasks[index].failures = 0
            job.tasks[index].cancelRequested = false
            job.tasks[index].runAfter = 0
        }
        move(to: .running)
        settle()
    }

    /// Every job status change goes through here: each is a move SPEC §1 allows
    /// (`JobStatus.canMove(to:)`); any other would be a bug in this machine.
    private mutating func move(to next: JobStatus) {
        assert(job.status.canMove(to: next), "job \(job.id): \(job.status) → \(next)")
        job.status = next
    }

    /// Moves what follows from the tasks' states: readiness, what can no longer run, the job's end.
    private mutating func settle() {
        advanceFanOuts()
        switch job.status {
        case .pending, .running:
            propagate()
            let work = job.tasks.filter { !$0.isHook }
            let ended = !work.contains { !$0.status.isFinished }
            // A job created with nothing left to run (a retry of a job whose steps all succeeded)
            // ends at once, through running: SPEC §1 allows no move from pending to an end.
            if ended && job.status == .pending { move(to: .running) }
            if work.allSatisfy({ $0.status.letsJobSucceed }) {
                move(to: .success)
                setHooks(.success, to: .ready)
                // Only after a rerun is a failure hook pending here: the job did not fail this time.
                setHooks(.failure, to: .canceled)
            } else if ended {
                move(to: .failed)
                setHooks(.success, to: .canceled)
                if job.hasFailureHook {
                    if job.tasks.contains(where: { $0.hook == .failure }) {
                        // Added at an earlier failure and reset by a rerun: it runs again.
                        setHooks(.failure, to: Self.failureHookStatus)
                    } else {
                        failureHookAdded = true
                    }
                }
            }
        case .stopping:
            if !job.tasks.contains(where: { $0.status == .running || $0.status == .waiting }) {
                move(to: .interrupted)
                for index in job.tasks.indices where !job.tasks[index].status.isFinished {
                    job.tasks[index].status = .canceled
                }
            }
        case .success, .failed, .interrupted:
            break
        }
    }

    /// Fan-out instances (SPEC §13) move with their step: while it waits and none has failed,
    /// pending instances become ready, in order, as long as fewer than its `fanOutLimit` are
    /// ready or running; once one failed, the step is cancelled or has ended, those not
    /// started are canceled. A waiting step whose instances have all finished ends: failed if
    /// one failed, canceled if one was canceled (or the step was), else succeeded.
    private mutating func advanceFanOuts() {
        let instanceIndices = Dictionary(grouping: job.tasks.indices.filter { job.tasks[$0].instanceOf != nil }) {
            job.tasks[$0].instanceOf!
        }
        for (stepId, instances) in instanceIndices {
            guard let stepIndex = job.tasks.firstIndex(where: { $0.id == stepId }) else { continue }
            let step = job.tasks[stepIndex]
            let failed = instances.contains { job.tasks[$0].status == .failed }
            // A step still running has instances only while its own `fannedOut` is yet to be
            // applied (several outcomes in one transition): they wait for it.
            if step.status == .running && !step.cancelRequested { continue }
            if step.status != .waiting || step.cancelRequested || failed {
                for index in instances where job.tasks[index].status == .pending || job.tasks[index].status == .ready {
                    job.tasks[index].status = .canceled
                }
            } else {
                var active = instances.count { job.tasks[$0].status == .ready || job.tasks[$0].status == .running }
                for index in instances where job.tasks[index].status == .pending {
                    guard step.fanOutLimit == 0 || active < step.fanOutLimit else { break }
                    job.tasks[index].status = .ready
                    active += 1
                }
            }
            guard step.status == .waiting, instances.allSatisfy({ job.tasks[$0].status.isFinished }) else { continue }
            if failed {
                job.tasks[stepIndex].status = .failed
            } else if step.cancelRequested || instances.contains(where: { job.tasks[$0].status == .canceled }) {
                job.tasks[stepIndex].status = .canceled
            } else {
                job.tasks[stepIndex].status = .success
            }
        }
    }

    /// Pending tasks whose parents all succeeded become ready; those with a parent that
    /// failed or was canceled can no longer run and are canceled; those with a skipped parent
    /// (and the others succeeded or skipped) are skipped (Airflow's default rule, SPEC §13).
    /// Repeats to a fixpoint so that the order of tasks does not matter. Fan-out instances are
    /// their step's (`advanceFanOuts`).
    private mutating func propagate() {
        var statusById = Dictionary(uniqueKeysWithValues: job.tasks.map { ($0.id, $0.status) })
        var changed = true
        while changed {
            changed = false
            for index in job.tasks.indices
            where job.tasks[index].status == .pending && !job.tasks[index].isHook && job.tasks[index].instanceOf == nil {
                let parents = job.tasks[index].parents.map { statusById[$0] ?? .success }
                var next: TaskStatus?
                if parents.contains(where: { $0 == .failed || $0 == .canceled }) {
                    next = .canceled
                } else if parents.allSatisfy({ $0 == .success }) {
                    next = .ready
                } else if parents.allSatisfy(\.letsJobSucceed) {
                    next = .skipped
                }
                if let next {
                    job.tasks[index].status = next
                    statusById[job.tasks[index].id] = next
                    changed = true
                }
            }
        }
    }

    private mutating func setHooks(_ kind: HookKind, to status: TaskStatus) {
        for index in job.tasks.indices where job.tasks[index].hook == kind && job.tasks[index].status == .pending {
            job.tasks[index].status = status
        }
    }
}
