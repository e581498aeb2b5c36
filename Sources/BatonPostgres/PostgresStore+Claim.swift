import BatonCore
import BatonStore
import Foundation
import PostgresNIO

extension PostgresStore {
    /// One statement picks and leases the tasks, starts their jobs and returns everything the
    /// tasks need (job payload, parents' results). `SKIP LOCKED` on the task and its job: claims
    /// in other processes pass each other by, and a job being moved by a transition elsewhere
    /// is left alone until that commits. Which job rows a claim changes is the shared rule
    /// (`TransitionWrites.claimed`), sent as a table from each status to its job row, not
    /// written in SQL.
    static func claim(_ connection: PostgresConnection, _ claim: ClaimRequest, now: Int64) async throws -> [ClaimedTask] {
        let rules = JobStatus.allCases.compactMap { status in
            TransitionWrites.claimed(jobStatus: status, now: now).map { (status, $0) }
        }
        var filters = "t.status = \(TaskStatus.ready.rawValue) AND t.run_after <= $1"
        var binds = PostgresBindings()
        binds.append(now)
        binds.append(claim.worker)
        binds.append(claim.leaseUntil)
        binds.append(claim.limit)
        binds.append(rules.map { Int64($0.0.rawValue) })
        binds.append(rules.map { Int64($0.1.status.rawValue) })
        binds.append(PostgresNullableArray(rules.map(\.1.startedIfUnset)))
        binds.append(PostgresNullableArray(rules.map(\.1.ended)))
        if let queues = claim.queues {
            binds.append(queues)
            filters += " AND t.queue = ANY($\(binds.count))"
        }
        if let job = claim.job {
            binds.append(job)
            filters += " AND t.job = $\(binds.count)"
        }
        // `picked` is materialized: the job update and the task update see the same picks; a
        // data-modifying WITH runs whether or not it is read.
        // The job columns returned come from the statement's snapshot (uuid and payload never
        // change); parents' results were committed by earlier statements, so they are visible.
        let rows = try await connection.rows(
            PostgresQuery(
                unsafeSQL: """
                    WITH picked AS MATERIALIZED (
                        SELECT t.id, t.job FROM tasks t JOIN jobs j ON j.number = t.job
                        WHERE \(filters) ORDER BY t.id LIMIT $4
                        FOR UPDATE OF t, j SKIP LOCKED
                    ), started AS (
                        UPDATE jobs SET status = rule.next, updated = $1, started = coalesce(jobs.started, rule.started),
                            ended = coalesce(rule.ended, jobs.ended)
                        FROM unnest($5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[]) AS rule(status, next, started, ended)
                        WHERE jobs.number IN (SELECT job FROM picked) AND jobs.status = rule.status
                    )
                    UPDATE tasks SET status = \(TaskStatus.running.rawValue), worker = $2, lease_until = $3,
                        attempt = attempt + 1, started = $1, updated = $1, ended = NULL
                    FROM picked JOIN jobs j ON j.number = picked.job
                    WHERE tasks.id = picked.id
                    RETURNING tasks.id, tasks.uuid, tasks.job, tasks.key, tasks.attempt, tasks.body, tasks.parents,
                        greatest(tasks.ready_at, tasks.run_after) AS ready_at, j.uuid AS job_uuid, j.payload,
                        (SELECT array_agg(coalesce(p.result, 'null') ORDER BY parent.n)
                         FROM unnest(string_to_array(tasks.parents, ',')::bigint[]) WITH ORDINALITY AS parent(id, n)
                         LEFT JOIN tasks p ON p.id = parent.id) AS parent_results
                    """, binds: binds)
        ).sorted { try $0("id", Int64.self) < $1("id", Int64.self) }
        var jobs: [Int64: (uuid: UUID, payload: JSON)] = [:]
        return try rows.map { row in
            let number: Int64 = try row("job")
            let job =
                try jobs[number] ?? (
                    try ColumnCoding.uuid(row("job_uuid")), try ColumnCoding.json(row("payload")) ?? .object([:])
                )
            jobs[number] = job
            let results = try (row("parent_results", [String]?.self) ?? []).map { try ColumnCoding.json($0) ?? .null }
            return ClaimedTask(
                id: try row("id"), uuid: try ColumnCoding.uuid(row("uuid")), job: number, jobUUID: job.uuid,
                key: try row("key"), attempt: try row("attempt"), body: try TaskBodyCache.body(row("body")),
                payload: job.payload, parents: ClaimedTask.parentResults(results),
                readyAt: try row("ready_at"), parentTasks: ColumnCoding.parents(try row("parents", String.self)))
        }
    }
}
