import BatonCore
import BatonStore
import Foundation
import GRDB

extension SQLiteStore {
    /// Leases up to `claim.limit` ready tasks to `claim.worker` and starts them, in the caller's
    /// transaction.
    static func claim(_ db: Database, _ claim: ClaimRequest, now: Int64) throws -> [ClaimedTask] {
        var filters = ["status = \(TaskStatus.ready.rawValue)", "run_after <= ?"]
        var arguments: StatementArguments = [claim.worker, claim.leaseUntil, now, now, now]
        if let queues = claim.queues {
            filters.append("queue IN (\(Array(repeating: "?", count: queues.count).joined(separator: ",")))")
            arguments += StatementArguments(queues)
        }
        if let job = claim.job {
            filters.append("job = ?")
            arguments += [job]
        }
        arguments += [claim.limit]
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    UPDATE tasks SET status = \(TaskStatus.running.rawValue), worker = ?, lease_until = ?,
                        attempt = attempt + 1, started = ?, updated = ?, ended = NULL
                    WHERE id IN (SELECT id FROM tasks WHERE \(filters.joined(separator: " AND ")) ORDER BY id LIMIT ?)
                    RETURNING id, uuid, job, key, attempt, body, parents, max(ready_at, run_after)
                    """),
            arguments: arguments)
        guard !rows.isEmpty else { return [] }

        var jobs: [Int64: (uuid: UUID, payload: JSON)] = [:]
        for number in Set(rows.map { $0[2] as Int64 }) {
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT uuid, payload, status FROM jobs WHERE number = ?"), arguments: [number])
            else { throw StoreError.corrupt("job \(number) vanished") }
            guard let status = JobStatus(rawValue: row[2]) else { throw StoreError.corrupt("job status") }
            if let job = TransitionWrites.claimed(jobStatus: status, now: now) { try write(db, job, number: number, now: now) }
            jobs[number] = (try ColumnCoding.uuid(row[0]), try ColumnCoding.json(row[1]) ?? .object([:]))
        }
        let resultStatement = try db.cachedStatement(sql: "SELECT result FROM tasks WHERE id = ?")
        // id, uuid, job, key, attempt, body, parents, ready time, by position (see transition).
        return try rows.map { row in
            let job: Int64 = row[2]
            let parentIds = ColumnCoding.parents(row[6] as String)
            let results = try parentIds.map { id in
                try ColumnCoding.json(String.fetchOne(resultStatement, arguments: [id])) ?? .null
            }
            return ClaimedTask(
                id: row[0], uuid: try ColumnCoding.uuid(row[1]), job: job, jobUUID: jobs[job]!.uuid,
                key: row[3], attempt: row[4], body: try TaskBodyCache.body(row[5] as String),
                payload: jobs[job]!.payload, parents: ClaimedTask.parentResults(results),
                readyAt: row[7], parentTasks: parentIds)
        }
    }
}
