import BatonCore
import BatonStore
import Foundation
import PostgresNIO

extension PostgresStore {
    /// Locks the job's row, loads its snapshot, lets the state machine move it, and writes what
    /// changed, all inside the caller's transaction. The lock makes transitions of one job take
    /// turns across processes; claims lock the same row, so a snapshot cannot go stale under us.
    @discardableResult
    static func transition(_ connection: PostgresConnection, job number: Int64, now: Int64,
                           _ move: (inout JobMachine) throws -> Void) async throws -> JobChanges {
        guard let jobRow = try await connection.row(
            "SELECT status, failure_hook IS NOT NULL AS has_hook FROM jobs WHERE number = \(number) FOR UPDATE")
        else { throw StoreError.corrupt("job \(number) vanished") }
        guard let status = JobStatus(rawValue: try jobRow("status", Int.self)) else { throw StoreError.corrupt("job status") }
        let tasks = try await connection.rows("""
            SELECT id, status, parents, hook, failures, max_retries, retry_delay, cancel_requested, run_after
            FROM tasks WHERE job = \(number) ORDER BY id
            """).map { row -> TaskSnapshot in
                guard let status = TaskStatus(rawValue: try row("status", Int.self)) else { throw StoreError.corrupt("task status") }
                return TaskSnapshot(
                    id: try row("id"), status: status, parents: ColumnCoding.parents(try row("parents", String.self)),
                    hook: try row("hook", Int?.self).flatMap(HookKind.init(rawValue:)), failures: try row("failures"),
                    maxRetries: try row("max_retries"), retryDelay: try row("retry_delay"),
                    cancelRequested: try row("cancel_requested"), runAfter: try row("run_after"))
            }
        var machine = JobMachine(JobSnapshot(id: number, status: status, hasFailureHook: try jobRow("has_hook"), tasks: tasks))
        try move(&machine)
        let changes = machine.changes
        try await apply(connection, TransitionWrites(changes, now: now), job: number, now: now)
        return changes
    }

    /// Locks a job's row until the transaction ends. Callers that lock several jobs do so in
    /// ascending order, so two transactions cannot wait on each other.
    static func lockJob(_ connection: PostgresConnection, _ job: Int64) async throws {
        try await connection.run("SELECT 1 FROM jobs WHERE number = \(job) FOR UPDATE")
    }

    /// Writes what the shared rules (`TransitionWrites`) say, nothing more.
    static func apply(_ connection: PostgresConnection, _ writes: TransitionWrites, job number: Int64, now: Int64) async throws {
        for task in writes.tasks {
            try await connection.run("""
                UPDATE tasks SET status = \(task.status.rawValue), failures = \(task.failures), run_after = \(task.runAfter),
                    cancel_requested = \(task.cancelRequested), updated = \(now),
                    ready_at = coalesce(\(task.readyAt), ready_at), ended = coalesce(ended, \(task.endedIfUnset)),
                    worker = CASE WHEN \(task.releasesLease) THEN NULL ELSE worker END,
                    lease_until = CASE WHEN \(task.releasesLease) THEN NULL ELSE lease_until END
                WHERE id = \(task.id)
                """)
        }
        if let job = writes.job { try await write(connection, job, numbers: [number], now: now) }
        if let status = writes.failureHook,
            let text = try await connection.row("SELECT failure_hook FROM jobs WHERE number = \(number)")?("failure_hook", String?.self)
        {
            let hook = try ColumnCoding.decode(NewTask.self, text)
            _ = try await insertTask(connection, hook, job: number, parents: [], status: status, now: now)
        }
    }

    /// Gives the jobs `numbers` the same job row (one statement for every job a claim started).
    static func write(_ connection: PostgresConnection, _ job: TransitionWrites.JobRow, numbers: [Int64], now: Int64) async throws {
        try await connection.run("""
            UPDATE jobs SET status = \(job.status.rawValue), updated = \(now), started = coalesce(started, \(job.startedIfUnset)),
                ended = coalesce(\(job.ended), ended)
            WHERE number = ANY(\(numbers))
            """)
    }
}
