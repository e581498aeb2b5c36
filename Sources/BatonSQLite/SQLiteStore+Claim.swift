import BatonCore
import BatonStore
import Foundation
import GRDB

extension SQLiteStore {
    /// Leases up to `claim.limit` ready tasks to `claim.worker` and starts them, in the caller's
    /// transaction: the highest priority first, then the oldest, within the pools' sizes and the
    /// workflows' concurrency (SPEC §13). SQLite has one writer at a time, so counting inside the
    /// write transaction holds the limits across processes.
    static func claim(_ db: Database, _ claim: ClaimRequest, now: Int64) throws -> [ClaimedTask] {
        let picked = try pick(db, claim, now: now)
        guard !picked.isEmpty else { return [] }
        let rows = try take(db, claim, now: now, picked)
        let resultStatement = try db.cachedStatement(sql: "SELECT result FROM tasks WHERE id = ?")
        // id, uuid, job, key, attempt, body, parents, ready time, job status, job uuid, job
        // payload, the only parent's result, by position (see take). A job's are decoded once.
        var jobs: [Int64: (uuid: UUID, payload: JSON)] = [:]
        return try rows.map { row in
            let number: Int64 = row[2]
            let job: (uuid: UUID, payload: JSON)
            if let known = jobs[number] {
                job = known
            } else {
                guard let status = JobStatus(rawValue: row[8]) else { throw StoreError.corrupt("job status") }
                if let write = TransitionWrites.claimed(jobStatus: status, now: now) {
                    try Self.write(db, write, number: number, now: now)
                }
                job = (try ColumnCoding.uuid(row[9]), try ColumnCoding.json(row[10]) ?? .object([:]))
                jobs[number] = job
            }
            let parentIds = ColumnCoding.parents(row[6] as String)
            let results: [JSON] =
                if parentIds.count == 1 {
                    [try ColumnCoding.json(row[11] as String?) ?? .null]
                } else {
                    try parentIds.map { id in try ColumnCoding.json(String.fetchOne(resultStatement, arguments: [id])) ?? .null }
                }
            return ClaimedTask(
                id: row[0], uuid: try ColumnCoding.uuid(row[1]), job: number, jobUUID: job.uuid,
                key: row[3], attempt: row[4], body: try TaskBodyCache.body(row[5] as String),
                payload: job.payload, parents: ClaimedTask.parentResults(results),
                readyAt: row[7], parentTasks: parentIds)
        }
    }

    /// Leases and starts the tasks `picked`, returning with each what its worker needs but its
    /// other parents' results: its job's status (before the claim), uuid and payload, and the
    /// result of its parent when it has exactly one (a chain's every step).
    private static func take(_ db: Database, _ claim: ClaimRequest, now: Int64, _ picked: [Int64]) throws -> [Row] {
        // A single parent's id is the whole of `parents` (no comma). The job's columns come
        // from its row before the claim writes it (`claim`, afterwards).
        return try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    UPDATE tasks SET status = \(TaskStatus.running.rawValue), worker = ?, lease_until = ?,
                        attempt = attempt + 1, started = ?, updated = ?, ended = NULL
                    WHERE id IN (\(placeholders(picked.count)))
                    RETURNING id, uuid, job, key, attempt, body, parents, max(ready_at, run_after),
                        (SELECT status FROM jobs WHERE number = tasks.job),
                        (SELECT uuid FROM jobs WHERE number = tasks.job),
                        (SELECT payload FROM jobs WHERE number = tasks.job),
                        CASE WHEN parents <> '' AND instr(parents, ',') = 0 THEN
                            (SELECT result FROM tasks p WHERE p.id = CAST(tasks.parents AS INTEGER)) END
                    """),
            arguments: [claim.worker, claim.leaseUntil, now, now] + StatementArguments(picked))
    }

    /// The ids of the ready tasks the claim takes, in claim order. Ordinary tasks cost one look;
    /// a pool or workflow is counted once, when its first task comes up, and once full it is left
    /// out of the next look, so a backlog behind a full pool is not read again and again.
    private static func pick(_ db: Database, _ claim: ClaimRequest, now: Int64) throws -> [Int64] {
        var limits = ClaimLimits(poolSizes: claim.pools, runningTasks: [:], runningJobs: [:])
        var countedPools: Set<String> = []
        var countedWorkflows: Set<String> = []
        var picked: [Int64] = []
        while picked.count < claim.limit {
            let wanted = claim.limit - picked.count
            let candidates = try candidates(db, claim, now: now, limits: limits, excluding: picked, limit: wanted)
            let pools = Set(candidates.compactMap(\.pool)).subtracting(countedPools)
            if !pools.isEmpty {
                limits.runningTasks.merge(try runningTasks(db, pools: pools)) { $1 }
                countedPools.formUnion(pools)
            }
            let workflows = Set(candidates.compactMap(\.workflow)).subtracting(countedWorkflows)
            if !workflows.isEmpty {
                limits.runningJobs.merge(try runningJobs(db, workflows: workflows)) { $1 }
                countedWorkflows.formUnion(workflows)
            }
            var refused = false
            for candidate in candidates where picked.count < claim.limit {
                if limits.admit(candidate) { picked.append(candidate.id) } else { refused = true }
            }
            // A refusal filled a pool or workflow the next look leaves out; without one, or when
            // fewer tasks were ready than asked for, there is nothing more to take.
            guard refused, candidates.count == wanted else { break }
        }
        return picked
    }

    /// Up to `limit` ready tasks in claim order (priority, then age), but those in `excluding`
    /// and those of pools and workflows `limits` found full.
    private static func candidates(
        _ db: Database, _ claim: ClaimRequest, now: Int64, limits: ClaimLimits, excluding: [Int64], limit: Int
    ) throws -> [ClaimLimits.Candidate] {
        var filters = ["t.status = \(TaskStatus.ready.rawValue)", "t.run_after <= ?"]
        var arguments: StatementArguments = [now]
        if let queues = claim.queues {
            filters.append("t.queue IN (\(placeholders(queues.count)))")
            arguments += StatementArguments(queues)
        }
        if let jobs = claim.jobs {
            filters.append("t.job IN (\(placeholders(jobs.count)))")
            arguments += StatementArguments(jobs)
        }
        if !excluding.isEmpty {
            filters.append("t.id NOT IN (\(placeholders(excluding.count)))")
            arguments += StatementArguments(excluding)
        }
        if !limits.fullPools.isEmpty {
            filters.append("(t.pool IS NULL OR t.pool NOT IN (\(placeholders(limits.fullPools.count))))")
            arguments += StatementArguments(limits.fullPools.sorted())
        }
        if !limits.fullWorkflows.isEmpty {
            filters.append(
                "NOT (j.concurrency > 0 AND j.status IN (\(startingStatuses)) "
                    + "AND j.workflow IN (\(placeholders(limits.fullWorkflows.count))))")
            arguments += StatementArguments(limits.fullWorkflows.sorted())
        }
        arguments += [limit]
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT t.id, t.job, t.pool, j.workflow, j.status, j.concurrency
                    FROM tasks t JOIN jobs j ON j.number = t.job
                    WHERE \(filters.joined(separator: " AND ")) ORDER BY t.priority DESC, t.id LIMIT ?
                    """),
            arguments: arguments)
        return try rows.map { row in
            guard let status = JobStatus(rawValue: row[4]) else { throw StoreError.corrupt("job status") }
            return ClaimLimits.Candidate(
                id: row[0], job: row[1], pool: row[2], workflow: row[3], jobStatus: status, concurrency: row[5])
        }
    }

    /// How many tasks of each of `pools` run now.
    private static func runningTasks(_ db: Database, pools: Set<String>) throws -> [String: Int] {
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT pool, count(*) FROM tasks
                    WHERE status = \(TaskStatus.running.rawValue) AND pool IN (\(placeholders(pools.count))) GROUP BY pool
                    """),
            arguments: StatementArguments(pools.sorted()))
        return Dictionary(uniqueKeysWithValues: rows.map { ($0[0] as String, $0[1] as Int) })
    }

    /// How many jobs of each of `workflows` run or stop now.
    private static func runningJobs(_ db: Database, workflows: Set<String>) throws -> [String: Int] {
        let statuses = ClaimLimits.runningJobStatuses.map { String($0.rawValue) }.joined(separator: ",")
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT workflow, count(*) FROM jobs
                    WHERE status IN (\(statuses)) AND workflow IN (\(placeholders(workflows.count))) GROUP BY workflow
                    """),
            arguments: StatementArguments(workflows.sorted()))
        return Dictionary(uniqueKeysWithValues: rows.map { ($0[0] as String, $0[1] as Int) })
    }

    /// The job statuses a claim starts (`JobMachine.claimed`), as an SQL list.
    private static let startingStatuses = JobStatus.allCases.filter { JobMachine.claimed(jobStatus: $0) != nil }
        .map { String($0.rawValue) }.joined(separator: ",")

    private static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ",")
    }
}
