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

    /// `transition`, appending to `moved` each job it moved, this one and those whose moves
    /// followed (a child's end moves its parent on): what a work step reports.
    @discardableResult
    static func transition(
        _ db: Database, job number: Int64, now: Int64, moved: inout [MovedJob],
        _ move: (inout JobMachine) throws -> Void
    ) throws -> JobChanges {
        guard
            let jobRow = try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT status, failure_hook IS NOT NULL AS has_hook, parent_task FROM jobs WHERE number = ?"),
                arguments: [number])
        else { throw StoreError.corrupt("job \(number) vanished") }
        guard let status = JobStatus(rawValue: jobRow["status"]) else { throw StoreError.corrupt("job status") }
        let taskRows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT id, status, parents, hook, failures, max_retries, retry_delay, cancel_requested, run_after,
                        instance_of, fanout_limit
                    FROM tasks WHERE job = ? ORDER BY id
                    """),
            arguments: [number])
        // Columns by position, in the order selected: GRDB finds a column by name with a
        // case-insensitive search, which showed in every work step.
        let tasks = try taskRows.map { row -> TaskSnapshot in
            guard let status = TaskStatus(rawValue: row[1]) else { throw StoreError.corrupt("task status") }
            let hook: Int? = row[3]
            return TaskSnapshot(
                id: row[0], status: status, parents: ColumnCoding.parents(row[2] as String),
                hook: hook.flatMap(HookKind.init(rawValue:)), failures: row[4], maxRetries: row[5],
                retryDelay: row[6], cancelRequested: row[7], runAfter: row[8], instanceOf: row[9], fanOutLimit: row[10])
        }
        var machine = JobMachine(JobSnapshot(id: number, status: status, hasFailureHook: jobRow["has_hook"], tasks: tasks))
        try move(&machine)
        let changes = machine.changes
        try apply(db, TransitionWrites(changes, now: now), job: number, now: now)
        if let status = changes.jobStatus { moved.append((number, status)) }
        // parent_task by position, read with the job's status: no statement of its own.
        try follow(db, changes, job: number, parentTask: jobRow[2], now: now, moved: &moved)
        return changes
    }

    /// What a transition's changes ask of other rows (SPEC §13): instances a rerun removed go,
    /// the child jobs of steps just asked to stop are cancelled, and a sub-workflow's job that
    /// ended ends its step. Every path that moves a job comes through `transition`, so none
    /// can leave a parent step waiting for a child that has ended.
    private static func follow(
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

    /// Writes what the shared rules (`TransitionWrites`) say, nothing more.
    static func apply(_ db: Database, _ writes: TransitionWrites, job number: Int64, now: Int64) throws {
        let updateTask = try db.cachedStatement(
            sql: """
                UPDATE tasks SET status = ?, failures = ?, run_after = ?, cancel_requested = ?, updated = ?,
                    ready_at = coalesce(?, ready_at), ended = coalesce(ended, ?),
                    worker = CASE WHEN ? THEN NULL ELSE worker END,
                    lease_until = CASE WHEN ? THEN NULL ELSE lease_until END
                WHERE id = ?
                """)
        for task in writes.tasks {
            try updateTask.execute(arguments: [
                task.status.rawValue, task.failures, task.runAfter, task.cancelRequested, now,
                task.readyAt, task.endedIfUnset, task.releasesLease, task.releasesLease, task.id,
            ])
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
