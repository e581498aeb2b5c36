import BatonCore
import BatonStore
import Foundation
import PostgresNIO

/// A job row locked by `lockJobs`, as it was when the lock was granted.
struct LockedJob {
    var status: JobStatus
    var hasFailureHook: Bool
    var workflow: String
    var uuid: UUID
    /// Epoch milliseconds.
    var created: Int64
    /// A sub-workflow's child job: the step its end ends, and that step's job (SPEC §13); nil
    /// for an older child of a step rerun since, which started a newer one.
    var parent: (task: Int64, job: Int64)?
}

/// A task row as a transition reads it: the machine's snapshot, and who holds its lease.
struct StoredTask {
    var snapshot: TaskSnapshot
    var worker: String?
    var attempt: Int
    var leaseUntil: Int64?
}

/// What a finished attempt stores beside its task's new status: a success's result (its error
/// cleared; nil for a skipped step, which has neither) or a failure's error.
enum RecordedResult {
    case result(String?)
    case error(String)
}

/// The jobs whose status transitions moved, and those of them that ended: what a work step
/// reports (`WorkStepResult.changedJobs`, `endedJobs`).
struct MovedJobs {
    var changed: [Int64] = []
    var ended: [EndedJob] = []

    /// Adds the job `changes` moved, if they moved it.
    mutating func add(_ number: Int64, _ job: LockedJob, _ changes: JobChanges, now: Int64) {
        guard let status = changes.jobStatus else { return }
        changed.append(number)
        if status.isTerminal {
            ended.append(
                EndedJob(
                    number: number, workflow: job.workflow, status: status, uuid: job.uuid, created: job.created, ended: now))
        }
    }

    mutating func add(_ other: MovedJobs) {
        changed += other.changed
        ended += other.ended
    }
}

extension PostgresStore {
    /// Locks the job's row, loads its snapshot, lets the state machine move it, and writes what
    /// changed, all inside the caller's transaction: three statements whatever the job's size,
    /// and what that sets off (`followUp`). Returns the changes, and the jobs moved: this one
    /// and those it set off.
    @discardableResult
    static func transition(
        _ connection: PostgresConnection, job number: Int64, now: Int64,
        _ move: (inout JobMachine) throws -> Void
    ) async throws -> (changes: JobChanges, moved: MovedJobs) {
        guard let job = try await lockJobs(connection, [number])[number] else {
            throw StoreError.corrupt("job \(number) vanished")
        }
        var machine = machine(number, job, try await tasks(connection, jobs: [number])[number] ?? [])
        try move(&machine)
        let changes = machine.changes
        try await apply(connection, [(number, TransitionWrites(changes, now: now))], now: now)
        var moved = MovedJobs()
        moved.add(number, job, changes, now: now)
        moved.add(try await followUp(connection, [(number, job, changes)], now: now))
        return (changes, moved)
    }

    /// What applied transitions set off beyond their rows (SPEC §13), in the caller's transaction,
    /// after `apply`: the fan-out instances a rerun removed are deleted (their logs and result
    /// rows with them: the foreign keys cascade), the child jobs of sub-workflow steps asked to
    /// stop are cancelled, and a child job that ended ends its step in the parent job. Each
    /// adds statements only when it has something to do; the nested transitions follow up in
    /// turn, so a chain of sub-workflows moves in one transaction. Returns the jobs those moved.
    static func followUp(
        _ connection: PostgresConnection, _ transitions: [(job: Int64, locked: LockedJob, changes: JobChanges)],
        now: Int64
    ) async throws -> MovedJobs {
        var moved = MovedJobs()
        let removed = transitions.flatMap(\.changes.removedTasks)
        if !removed.isEmpty {
            try await connection.run("DELETE FROM tasks WHERE id = ANY(\(removed))")
        }
        let stopping = transitions.flatMap(\.changes.cancelChildrenOf)
        if !stopping.isEmpty {
            // A stopping child is already being cancelled; an ended one has nothing to stop.
            let moving = [Int64(JobStatus.pending.rawValue), Int64(JobStatus.running.rawValue)]
            let children = try await connection.rows(
                """
                SELECT number FROM jobs WHERE parent_task = ANY(\(stopping)) AND status = ANY(\(moving)) ORDER BY number
                """
            ).map { try $0("number", Int64.self) }
            for child in children {
                moved.add(try await transition(connection, job: child, now: now) { _ = $0.cancel() }.moved)
            }
        }
        for entry in transitions {
            guard let status = entry.changes.jobStatus, status.isTerminal, let parent = entry.locked.parent else { continue }
            // The parent's row is locked after its child's, against the ascending order: this can
            // deadlock with a cancel of the parent (parent, then child); PostgreSQL aborts one of
            // the two and `transaction` runs it again.
            let (changes, nested) = try await transition(connection, job: parent.job, now: now) { machine in
                // A child job rerun after its step ended ends again: the step keeps its end.
                guard machine.job.tasks.contains(where: { $0.id == parent.task && $0.status == .waiting }) else { return }
                try machine.childEnded(parent.task, status: status)
            }
            moved.add(nested)
            guard changes.tasks.contains(where: { $0.id == parent.task }) else { continue }
            let result = JSON.object([
                "job": .string(entry.locked.uuid.uuidString.lowercased()), "number": .int(Int(entry.job)),
                "status": .string(status.name),
            ])
            try await connection.run("UPDATE tasks SET result = \(result.jsonText) WHERE id = \(parent.task)")
        }
        return moved
    }

    /// Locks the rows of `jobs` until the transaction ends, in one statement, in ascending order
    /// (as every locker does, so two transactions cannot wait on each other; the one exception,
    /// a child job's end moving its parent, is in `followUp`). The rows come from
    /// the lock, so they are current even if the lock was waited for. Jobs that do not exist are absent.
    static func lockJobs(_ connection: PostgresConnection, _ jobs: [Int64]) async throws -> [Int64: LockedJob] {
        guard !jobs.isEmpty else { return [:] }
        var locked: [Int64: LockedJob] = [:]
        var binds = PostgresBindings()
        binds.append(jobs)
        for row in try await connection.rows(LockJobsSQL.self, binds) {
            guard let status = JobStatus(rawValue: try row("status", Int.self)) else { throw StoreError.corrupt("job status") }
            // A parent job deleted by retention leaves its children without one, and a step
            // waits for its newest child only.
            let parent = try row("parent_task", Int64?.self).flatMap { task in
                try row("parent_job", Int64?.self).map { (task: task, job: $0) }
            }
            locked[try row("number")] = LockedJob(
                status: status, hasFailureHook: try row("has_hook"), workflow: try row("workflow"),
                uuid: try ColumnCoding.uuid(row("uuid")), created: try row("created"), parent: parent)
        }
        return locked
    }

    /// The tasks of `jobs`, by job, in creation order: one statement. Read after `lockJobs` in a
    /// statement of its own, so its snapshot includes whatever the lock waited for.
    static func tasks(_ connection: PostgresConnection, jobs: [Int64]) async throws -> [Int64: [StoredTask]] {
        guard !jobs.isEmpty else { return [:] }
        var tasks: [Int64: [StoredTask]] = [:]
        var binds = PostgresBindings()
        binds.append(jobs)
        for row in try await connection.rows(JobTasksSQL.self, binds) {
            guard let status = TaskStatus(rawValue: try row("status", Int.self)) else { throw StoreError.corrupt("task status") }
            let snapshot = TaskSnapshot(
                id: try row("id"), status: status, parents: ColumnCoding.parents(try row("parents", String.self)),
                hook: try row("hook", Int?.self).flatMap(HookKind.init(rawValue:)), failures: try row("failures"),
                maxRetries: try row("max_retries"), retryDelay: try row("retry_delay"),
                cancelRequested: try row("cancel_requested"), runAfter: try row("run_after"),
                instanceOf: try row("instance_of"), fanOutLimit: try row("fanout_limit"))
            let job: Int64 = try row("job")
            tasks[job, default: []].append(
                StoredTask(
                    snapshot: snapshot, worker: try row("worker"), attempt: try row("attempt"),
                    leaseUntil: try row("lease_until")))
        }
        return tasks
    }

    /// The state machine of a locked job and its tasks.
    static func machine(_ number: Int64, _ job: LockedJob, _ tasks: [StoredTask]) -> JobMachine {
        JobMachine(JobSnapshot(id: number, status: job.status, hasFailureHook: job.hasFailureHook, tasks: tasks.map(\.snapshot)))
    }

    /// Writes what the shared rules (`TransitionWrites`) say for every job of `writes`, nothing
    /// more, in one statement: each column is an array bind, `unnest` turns them into rows.
    /// `results` are stored on their tasks in the same UPDATE; each must be a task `writes`
    /// changes (an attempt's end always changes its task). `logs` are attempts' output
    /// (task, attempt, text). A job's failure hook, when one is due, is inserted after.
    static func apply(
        _ connection: PostgresConnection, _ writes: [(job: Int64, writes: TransitionWrites)],
        results: [Int64: RecordedResult] = [:], logs: [(task: Int64, attempt: Int, text: String)] = [],
        now: Int64
    ) async throws {
        let tasks = writes.flatMap(\.writes.tasks)
        let jobs = writes.compactMap { entry in entry.writes.job.map { (entry.job, $0) } }
        if let stray = Set(results.keys).subtracting(tasks.map(\.id)).first {
            throw StoreError.corrupt("task \(stray) ended without a transition")
        }
        guard !tasks.isEmpty || !jobs.isEmpty || !logs.isEmpty else { return }
        let setsResult = tasks.map { task -> Bool in if case .result = results[task.id] { true } else { false } }
        let resultTexts = tasks.map { task -> String? in if case .result(let text) = results[task.id] { text } else { nil } }
        let errorTexts = tasks.map { task -> String? in if case .error(let text) = results[task.id] { text } else { nil } }
        var binds = PostgresBindings()
        binds.append(now)
        binds.append(tasks.map(\.id))
        binds.append(tasks.map { Int64($0.status.rawValue) })
        binds.append(tasks.map(\.failures))
        binds.append(tasks.map(\.runAfter))
        binds.append(tasks.map(\.cancelRequested))
        binds.append(PostgresNullableArray(tasks.map(\.readyAt)))
        binds.append(PostgresNullableArray(tasks.map(\.endedIfUnset)))
        binds.append(tasks.map(\.releasesLease))
        binds.append(setsResult)
        binds.append(PostgresNullableArray(resultTexts))
        binds.append(PostgresNullableArray(errorTexts))
        binds.append(jobs.map(\.0))
        binds.append(jobs.map { Int64($0.1.status.rawValue) })
        binds.append(PostgresNullableArray(jobs.map(\.1.startedIfUnset)))
        binds.append(PostgresNullableArray(jobs.map(\.1.ended)))
        binds.append(logs.map(\.task))
        binds.append(logs.map(\.attempt))
        binds.append(logs.map(\.text))
        _ = try await connection.rows(ApplyWritesSQL.self, binds)
        for (number, entry) in writes {
            guard let status = entry.failureHook,
                let row = try await connection.row("SELECT failure_hook, priority FROM jobs WHERE number = \(number)"),
                let text = try row("failure_hook", String?.self)
            else { continue }
            let hook = try ColumnCoding.decode(NewTask.self, text)
            _ = try await insertTask(
                connection, hook, job: number, parents: [], status: status, priority: try row("priority"), now: now)
        }
    }
}

/// `lockJobs`: the jobs `$1` locked in ascending order, with what a transition needs of each.
private enum LockJobsSQL: PreparedSQL {
    static let sql = """
        SELECT number, status, failure_hook IS NOT NULL AS has_hook, workflow, uuid, created, parent_task,
            (SELECT p.job FROM tasks p WHERE p.id = jobs.parent_task
                AND jobs.number = (SELECT max(c.number) FROM jobs c WHERE c.parent_task = p.id)) AS parent_job
        FROM jobs WHERE number = ANY($1::bigint[]) ORDER BY number FOR UPDATE
        """
}

/// `tasks(_:jobs:)`: every task of the jobs `$1`, by job, in creation order.
private enum JobTasksSQL: PreparedSQL {
    static let sql = """
        SELECT id, job, status, parents, hook, failures, max_retries, retry_delay, cancel_requested, run_after,
            worker, attempt, lease_until, instance_of, fanout_limit
        FROM tasks WHERE job = ANY($1::bigint[]) ORDER BY job, id
        """
}

/// `apply`: `$1` the time; `$2`–`$12` the task rows' columns, `$13`–`$16` the job rows', `$17`–`$19`
/// the logs', each an array `unnest` turns into rows. Planned once for any number of rows, the
/// job update would join a scan of every job to them; `number = ANY($13)` keeps it on the
/// primary key.
private enum ApplyWritesSQL: PreparedSQL {
    static let sql = """
        WITH task_writes AS (
            UPDATE tasks SET status = w.status, failures = w.failures, run_after = w.run_after,
                cancel_requested = w.cancel_requested, updated = $1::bigint,
                ready_at = coalesce(w.ready_at, tasks.ready_at), ended = coalesce(tasks.ended, w.ended),
                worker = CASE WHEN w.releases THEN NULL ELSE tasks.worker END,
                lease_until = CASE WHEN w.releases THEN NULL ELSE tasks.lease_until END,
                result = CASE WHEN w.sets_result THEN w.result ELSE tasks.result END,
                error = CASE WHEN w.sets_result OR w.error IS NOT NULL THEN w.error ELSE tasks.error END
            FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::boolean[], $7::bigint[], $8::bigint[],
                        $9::boolean[], $10::boolean[], $11::text[], $12::text[])
                AS w(id, status, failures, run_after, cancel_requested, ready_at, ended, releases, sets_result, result, error)
            WHERE tasks.id = w.id
            RETURNING 1
        ), job_writes AS (
            UPDATE jobs SET status = w.status, updated = $1::bigint, started = coalesce(jobs.started, w.started),
                ended = coalesce(w.ended, jobs.ended)
            FROM unnest($13::bigint[], $14::bigint[], $15::bigint[], $16::bigint[]) AS w(number, status, started, ended)
            WHERE jobs.number = w.number AND jobs.number = ANY($13::bigint[])
            RETURNING 1
        ), log_writes AS (
            INSERT INTO task_logs (task, attempt, text)
            SELECT * FROM unnest($17::bigint[], $18::bigint[], $19::text[])
            ON CONFLICT (task, attempt) DO UPDATE SET text = excluded.text
            RETURNING 1
        )
        SELECT (SELECT count(*) FROM task_writes) + (SELECT count(*) FROM job_writes) + (SELECT count(*) FROM log_writes)
        """
}
