import BatonCore
import BatonStore
import Foundation
import GRDB

extension SQLiteStore {
    /// Loads a job's snapshot, lets the state machine move it, and writes what changed,
    /// all inside the caller's transaction.
    @discardableResult
    static func transition(
        _ db: Database, job number: Int64, now: Int64,
        _ move: (inout JobMachine) throws -> Void
    ) throws -> JobChanges {
        guard
            let jobRow = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT status, failure_hook IS NOT NULL AS has_hook FROM jobs WHERE number = ?"),
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
        return changes
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
