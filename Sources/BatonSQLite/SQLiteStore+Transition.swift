import BatonCore
import BatonStore
import Foundation
import GRDB

extension SQLiteStore {
    /// A job whose status a transition changed, and its new status.
    typealias MovedJob = (job: Int64, status: JobStatus)

    /// Loads a job's snapshot, lets the state machine move it, and writes what changed,
    /// all inside the caller's transaction, with what follows from it (`follow`).
    @discardableResult
    static func transition(
        _ db: Database, job number: Int64, now: Int64,
        _ move: (inout JobMachine) throws -> Void
    ) throws -> JobChanges {
        var moved: [MovedJob] = []
        return try transition(db, job: number, now: now, moved: &moved, move)
    }

    /// A job's row and its tasks as a transition reads them, with each task's status and lease
    /// (worker and attempt) by id, for the lease check of a work step.
    struct LoadedJob {
        var status: JobStatus
        var hasFailureHook: Bool
        var parentTask: Int64?
        var tasks: [TaskSnapshot]
        var leases: [Int64: (status: TaskStatus, worker: String?, attempt: Int)]
    }

    /// Reads a job and its tasks in one statement.
    static func load(_ db: Database, job number: Int64) throws -> LoadedJob {
        let rows = try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    SELECT j.status, j.failure_hook IS NOT NULL, j.parent_task, t.id, t.status, t.parents, t.hook,
                        t.failures, t.max_retries, t.retry_delay, t.cancel_requested, t.run_after, t.instance_of,
                        t.fanout_limit, t.worker, t.attempt
                    FROM jobs j LEFT JOIN tasks t ON t.job = j.number WHERE j.number = ? ORDER BY t.id
                    """),
            arguments: [number])
        // A cursor decodes each row where SQLite holds it, without copying it first.
        guard let first = try rows.next() else { throw StoreError.corrupt("job \(number) vanished") }
        guard let status = JobStatus(rawValue: first[0]) else { throw StoreError.corrupt("job status") }
        var job = LoadedJob(status: status, hasFailureHook: first[1], parentTask: first[2], tasks: [], leases: [:])
        // Columns by position, in the order selected: GRDB finds a column by name with a
        // case-insensitive search, which showed in every work step.
        var row: Row? = first
        while let current = row {
            // A job without tasks has one row, its task columns NULL.
            if let id = current[3] as Int64? {
                guard let status = TaskStatus(rawValue: current[4]) else { throw StoreError.corrupt("task status") }
                let hook: Int? = current[6]
                job.tasks.append(
                    TaskSnapshot(
                        id: id, status: status, parents: ColumnCoding.parents(current[5] as String),
                        hook: hook.flatMap(HookKind.init(rawValue:)), failures: current[7], maxRetries: current[8],
                        retryDelay: current[9], cancelRequested: current[10], runAfter: current[11],
                        instanceOf: current[12], fanOutLimit: current[13]))
                job.leases[id] = (status, current[14], current[15])
            }
            row = try rows.next()
        }
        return job
    }

    /// `transition`, appending to `moved` each job it moved, this one and those whose moves
    /// followed (a child's end moves its parent on): what a work step reports. `loaded` is the
    /// job as read in this transaction, when nothing has changed its rows since.
    @discardableResult
    static func transition(
        _ db: Database, job number: Int64, now: Int64, moved: inout [MovedJob], loaded: LoadedJob? = nil,
        results: [Int64: StoredResult] = [:], _ move: (inout JobMachine) throws -> Void
    ) throws -> JobChanges {
        let job = try loaded ?? load(db, job: number)
        var machine = JobMachine(
            JobSnapshot(id: number, status: job.status, hasFailureHook: job.hasFailureHook, tasks: job.tasks))
        try move(&machine)
        let changes = machine.changes
        try apply(db, TransitionWrites(changes, now: now), job: number, now: now, results: results)
        if let status = changes.jobStatus { moved.append((number, status)) }
        try follow(db, changes, job: number, parentTask: job.parentTask, now: now, moved: &moved)
        return changes
    }

    /// What a transition's changes ask of other rows (SPEC §13): instances a rerun removed go,
    /// the child jobs of steps just asked to stop are cancelled, and a sub-workflow's job that
    /// ended ends its step. Every path that moves a job comes through `transition`, so none
    /// can leave a parent step waiting for a child that has ended.
    static func follow(
        _ db: Database, _ changes: JobChanges, job number: Int64, parentTask: Int64?, now: Int64, moved: inout [MovedJob]
    ) throws {
        if !changes.removedTasks.isEmpty {
            // Their logs and result rows go with them (ON DELETE CASCADE).
            try db.execute(
                sql: "DELETE FROM tasks WHERE id IN (\(databaseQuestionMarks(count: changes.removedTasks.count)))",
                arguments: StatementArguments(changes.removedTasks))
        }
        if !changes.cancelChildrenOf.isEmpty {
            let children = try Int64.fetchAll(
                db,
                sql: """
                    SELECT number FROM jobs
                    WHERE parent_task IN (\(databaseQuestionMarks(count: changes.cancelChildrenOf.count))) AND status IN (?, ?)
                    ORDER BY number
                    """,
                arguments: StatementArguments(changes.cancelChildrenOf)
                    + [JobStatus.pending.rawValue, JobStatus.running.rawValue])
            // Each through its own machine: a child ends at once or stops its running tasks, and
            // cancels its own children in turn.
            for child in children { try transition(db, job: child, now: now, moved: &moved) { _ = $0.cancel() } }
        }
        if let parentTask, let status = changes.jobStatus, status.isTerminal {
            try endStep(db, parentTask, child: number, status: status, now: now, moved: &moved)
        }
    }

    /// The sub-workflow job `child` ended with `status`: its step records the child's summary as
    /// its result and ends as the child did, which moves the step's job in turn (SPEC §13).
    /// Nothing happens unless the step is waiting for this very child: a rerun of an older
    /// child ends it again after its step has moved on (ended, or waiting for a newer child).
    private static func endStep(
        _ db: Database, _ step: Int64, child: Int64, status: JobStatus, now: Int64, moved: inout [MovedJob]
    ) throws {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT t.job, t.status, j.uuid, (SELECT max(number) FROM jobs WHERE parent_task = t.id)
                        FROM tasks t JOIN jobs j ON j.number = ? WHERE t.id = ?
                        """),
                arguments: [child, step]),
            row[1] == TaskStatus.waiting.rawValue, (row[3] as Int64?) == child
        else { return }
        let summary: JSON = ["job": .string(row[2]), "number": .int(Int(child)), "status": .string(status.name)]
        try db.cachedStatement(sql: "UPDATE tasks SET result = ? WHERE id = ?").execute(arguments: [summary.jsonText, step])
        try transition(db, job: row[0], now: now, moved: &moved) { try $0.childEnded(step, status: status) }
    }

    /// The result and error columns an attempt's outcome sets (`record`), written with the
    /// task's transition in the same UPDATE.
    struct StoredResult {
        /// Whether `result` is written; a failure leaves the column as it is.
        var setsResult: Bool
        var result: String?
        var error: String?
    }

    /// Writes what the shared rules (`TransitionWrites`) say, nothing more, and the outcomes'
    /// `results` (each task's in its own row's UPDATE, else alone).
    static func apply(
        _ db: Database, _ writes: TransitionWrites, job number: Int64, now: Int64, results: [Int64: StoredResult] = [:]
    ) throws {
        // One statement for every row: an outcome's row also sets its result and error (the
        // same rule as PostgreSQL's `apply`); another's keeps them.
        let updateTask = try db.cachedStatement(
            sql: """
                UPDATE tasks SET status = ?, failures = ?, run_after = ?, cancel_requested = ?, updated = ?,
                    ready_at = coalesce(?, ready_at), ended = coalesce(ended, ?),
                    worker = CASE WHEN ? THEN NULL ELSE worker END,
                    lease_until = CASE WHEN ? THEN NULL ELSE lease_until END,
                    result = CASE WHEN ? THEN ? ELSE result END, error = CASE WHEN ? THEN ? ELSE error END
                WHERE id = ?
                """)
        var unwritten = results
        for task in writes.tasks {
            let stored = unwritten.removeValue(forKey: task.id)
            try updateTask.execute(arguments: [
                task.status.rawValue, task.failures, task.runAfter, task.cancelRequested, now,
                task.readyAt, task.endedIfUnset, task.releasesLease, task.releasesLease,
                stored?.setsResult ?? false, stored?.result, stored != nil, stored?.error, task.id,
            ])
        }
        for (task, stored) in unwritten {
            try db.cachedStatement(
                sql: "UPDATE tasks SET result = CASE WHEN ? THEN ? ELSE result END, error = ? WHERE id = ?"
            ).execute(arguments: [stored.setsResult, stored.result, stored.error, task])
        }
        if let job = writes.job { try write(db, job, number: number, now: now) }
        if let status = writes.failureHook,
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT failure_hook, priority FROM jobs WHERE number = ?"),
                arguments: [number]),
            let text = row[0] as String?
        {
            let hook = try ColumnCoding.decode(NewTask.self, text)
            _ = try insertTask(db, hook, job: number, parents: [], status: status, priority: row[1], now: now)
        }
    }

    static func write(_ db: Database, _ job: TransitionWrites.JobRow, number: Int64, now: Int64) throws {
        try db.cachedStatement(
            sql: """
                UPDATE jobs SET status = ?, updated = ?, started = coalesce(started, ?), ended = coalesce(?, ended)
                WHERE number = ?
                """
        ).execute(arguments: [job.status.rawValue, now, job.startedIfUnset, job.ended, number])
    }
}
