import BatonCore
import BatonStore
import Foundation
import GRDB

extension SQLiteStore {
    /// Loads a job's snapshot, lets the state machine move it, and writes what changed,
    /// all inside the caller's transaction.
    @discardableResult
    static func transition(_ db: Database, job number: Int64, now: Int64,
                           _ move: (inout JobMachine) throws -> Void) throws -> JobChanges {
        guard let jobRow = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT status, failure_hook IS NOT NULL AS has_hook FROM jobs WHERE number = ?"),
            arguments: [number])
        else { throw StoreError.corrupt("job \(number) vanished") }
        guard let status = JobStatus(rawValue: jobRow["status"]) else { throw StoreError.corrupt("job status") }
        let taskRows = try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT id, status, parents, hook, failures, max_retries, retry_delay, cancel_requested, run_after
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
                retryDelay: row[6], cancelRequested: row[7], runAfter: row[8])
        }
        var machine = JobMachine(JobSnapshot(id: number, status: status, hasFailureHook: jobRow["has_hook"], tasks: tasks))
        try move(&machine)
        let changes = machine.changes
        try apply(db, changes, job: number, now: now)
        return changes
    }

    private static func apply(_ db: Database, _ changes: JobChanges, job number: Int64, now: Int64) throws {
        let updateTask = try db.cachedStatement(sql: """
            UPDATE tasks SET status = ?, failures = ?, run_after = ?, cancel_requested = ?, updated = ?,
                ready_at = CASE WHEN ? THEN ? ELSE ready_at END,
                ended = CASE WHEN ? THEN coalesce(ended, ?) ELSE ended END,
                worker = CASE WHEN ? = 1 THEN worker ELSE NULL END,
                lease_until = CASE WHEN ? = 1 THEN lease_until ELSE NULL END
            WHERE id = ?
            """)
        for task in changes.tasks {
            let isRunning = task.status == .running
            try updateTask.execute(arguments: [
                task.status.rawValue, task.failures, task.runAfter, task.cancelRequested, now,
                task.status == .ready, now, task.status.isFinished, now, isRunning, isRunning, task.id,
            ])
        }
        if let status = changes.jobStatus {
            try db.cachedStatement(sql: """
                UPDATE jobs SET status = ?, updated = ?,
                    started = CASE WHEN ? THEN coalesce(started, ?) ELSE started END,
                    ended = CASE WHEN ? THEN ? ELSE ended END
                WHERE number = ?
                """).execute(arguments: [
                    status.rawValue, now, status == .running, now, status.isTerminal, now, number,
                ])
        }
        if changes.addFailureHook,
            let text = try String.fetchOne(db.cachedStatement(sql: "SELECT failure_hook FROM jobs WHERE number = ?"),
                                           arguments: [number])
        {
            let hook = try ColumnCoding.decode(NewTask.self, text)
            _ = try insertTask(db, hook, job: number, parents: [], status: .ready, now: now)
        }
    }
}
