import BatonCore
import BatonStore
import Foundation
import PostgresNIO

extension PostgresStore {
    /// Leases up to `claim.limit` ready tasks, the highest priority first, then the oldest. One
    /// statement takes them as long as none is limited (a pool, or a job its workflow's
    /// `concurrency` holds back): that is the claim of ordinary tasks. When limited tasks come up
    /// among the first, the rest of the claim counts the pools and workflows under their
    /// advisory locks (`pickLimited`) and takes what fits in a second statement.
    static func claim(_ connection: PostgresConnection, _ claim: ClaimRequest, now: Int64) async throws -> [ClaimedTask] {
        let first = try await take(connection, claim, now: now, only: nil)
        guard first.limitedSeen, first.claimed.count < claim.limit else { return first.claimed }
        let picked = try await pickLimited(connection, claim, budget: claim.limit - first.claimed.count, now: now)
        guard !picked.isEmpty else { return first.claimed }
        return first.claimed + (try await take(connection, claim, now: now, only: picked).claimed)
    }

    /// One statement picks and leases the tasks, starts their jobs and returns everything the
    /// tasks need (job payload, parents' results). `SKIP LOCKED` on the task and its job: claims
    /// in other processes pass each other by, and a job being moved by a transition elsewhere
    /// is left alone until that commits. Which job rows a claim changes is the shared rule
    /// (`TransitionWrites.claimed`), sent as a table from each status to its job row, not
    /// written in SQL.
    ///
    /// With `only` nil it picks the first `claim.limit` ready tasks and leaves the limited ones
    /// among them (still locked until the transaction ends, so other processes pass them by),
    /// answering whether there were any; with `only`, it takes those tasks, which the limits
    /// admitted.
    private static func take(
        _ connection: PostgresConnection, _ claim: ClaimRequest, now: Int64, only: [Int64]?
    ) async throws -> (claimed: [ClaimedTask], limitedSeen: Bool) {
        let rules = JobStatus.allCases.compactMap { status in
            TransitionWrites.claimed(jobStatus: status, now: now).map { (status, $0) }
        }
        var binds = PostgresBindings()
        binds.append(now)
        binds.append(claim.worker)
        binds.append(claim.leaseUntil)
        binds.append(only?.count ?? claim.limit)
        // The statuses of jobs a claim starts: a task of such a job whose workflow has a
        // concurrency is limited.
        binds.append(rules.map { Int64($0.0.rawValue) })
        binds.append(rules.map { Int64($0.1.status.rawValue) })
        binds.append(PostgresNullableArray(rules.map(\.1.startedIfUnset)))
        binds.append(PostgresNullableArray(rules.map(\.1.ended)))
        let rows: [Fields]
        if let only {
            var filters = ClaimSQL.ready
            scope(claim, filters: &filters, binds: &binds)
            binds.append(only)
            filters += " AND t.id = ANY($\(binds.count))"
            rows = try await connection.rows(
                PostgresQuery(unsafeSQL: ClaimSQL.text(filters: filters, limited: "false"), binds: binds))
        } else {
            // The ordinary claim, every round: prepared, its scope as binds that may be NULL.
            binds.append(claim.queues)
            binds.append(claim.jobs)
            rows = try await connection.rows(ClaimSQL.self, binds)
        }
        let limitedSeen = try rows.first?("limited_picks", Int64.self) ?? 0 > 0
        var jobs: [Int64: (uuid: UUID, payload: JSON)] = [:]
        let claimed = try rows.filter { try $0("id", Int64?.self) != nil }
            .sorted { try $0("id", Int64.self) < $1("id", Int64.self) }
            .map { row in
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
        return (claimed, limitedSeen)
    }

    /// The ids of up to `budget` ready tasks, in claim order, that the pools and workflows admit.
    /// A pool or workflow is counted when its first task comes up: one already full is passed
    /// by without its lock (a slot freed meanwhile only wakes a later claim); one with room is
    /// locked (a transaction-scoped advisory lock) and counted again, so that processes claiming
    /// from it at once take turns and each sees the others' claims. The first keys are locked
    /// waiting, in one order; keys that come up later are only tried (this claim already holds
    /// locks, and waiting then could deadlock): one held elsewhere is another claim taking from
    /// it, and is passed by.
    private static func pickLimited(
        _ connection: PostgresConnection, _ claim: ClaimRequest, budget: Int, now: Int64
    ) async throws -> [Int64] {
        var limits = ClaimLimits(poolSizes: claim.pools, runningTasks: [:], runningJobs: [:])
        var countedPools: Set<String> = []
        var countedWorkflows: Set<String> = []
        var holdsLocks = false
        var picked: [Int64] = []
        while picked.count < budget {
            let wanted = budget - picked.count
            let candidates = try await candidates(connection, claim, now: now, limits: limits, excluding: picked, limit: wanted)
            let pools = Set(candidates.compactMap(\.pool)).subtracting(countedPools)
            var concurrency: [String: Int] = [:]
            for candidate in candidates {
                guard let workflow = candidate.workflow, !countedWorkflows.contains(workflow) else { continue }
                concurrency[workflow] = max(concurrency[workflow] ?? 0, candidate.concurrency)
            }
            if !pools.isEmpty || !concurrency.isEmpty {
                try await count(connection, &limits, pools: pools, workflows: concurrency, holdsLocks: &holdsLocks)
                countedPools.formUnion(pools)
                countedWorkflows.formUnion(concurrency.keys)
            }
            var refused = false
            for candidate in candidates where picked.count < budget {
                if limits.admit(candidate) { picked.append(candidate.id) } else { refused = true }
            }
            // A refusal filled a pool or workflow the next look leaves out; without one, or when
            // fewer tasks were ready than asked for, there is nothing more to take.
            guard refused, candidates.count == wanted else { break }
        }
        return picked
    }

    /// Counts `pools` and `workflows` (each with the largest concurrency its jobs here have)
    /// into `limits`, locking those with room first (see `pickLimited`): waiting for the locks
    /// unless the claim `holdsLocks` already.
    private static func count(
        _ connection: PostgresConnection, _ limits: inout ClaimLimits, pools: Set<String>, workflows: [String: Int],
        holdsLocks: inout Bool
    ) async throws {
        let tasks = try await runningTasks(connection, pools: pools)
        let jobs = try await runningJobs(connection, workflows: Set(workflows.keys))
        limits.runningTasks.merge(tasks) { $1 }
        limits.runningJobs.merge(jobs) { $1 }
        var keys: [Int64: (pool: String?, workflow: String?)] = [:]
        for pool in pools where limits.hasRoom(pool: pool, running: tasks[pool] ?? 0) {
            keys[lockKey("pool", pool)] = (pool, nil)
        }
        for (workflow, bound) in workflows where jobs[workflow] ?? 0 < bound {
            keys[lockKey("workflow", workflow)] = (nil, workflow)
        }
        guard !keys.isEmpty else { return }
        let sorted = keys.keys.sorted()
        if !holdsLocks {
            holdsLocks = true
            // unnest yields the keys in the array's order: the locks are taken in that order.
            try await connection.run("SELECT pg_advisory_xact_lock(key) FROM unnest(\(sorted)::bigint[]) AS key")
        } else {
            let held = try await connection.rows(
                "SELECT key, pg_try_advisory_xact_lock(key) AS held FROM unnest(\(sorted)::bigint[]) AS key")
            for row in held {
                guard try !row("held", Bool.self) else { continue }
                let key = keys[try row("key", Int64.self)]
                if let pool = key?.pool { limits.close(pool: pool) }
                if let workflow = key?.workflow { limits.close(workflow: workflow) }
            }
        }
        // Counted again under the locks: this statement's snapshot has every claim that held them.
        limits.runningTasks.merge(try await runningTasks(connection, pools: Set(keys.values.compactMap { $0.pool }))) { $1 }
        limits.runningJobs.merge(try await runningJobs(connection, workflows: Set(keys.values.compactMap { $0.workflow }))) {
            $1
        }
    }

    /// Up to `limit` ready tasks in claim order (priority, then age), but those in `excluding`
    /// and those of pools and workflows `limits` found full. Nothing is locked: `take` checks
    /// each again.
    private static func candidates(
        _ connection: PostgresConnection, _ claim: ClaimRequest, now: Int64, limits: ClaimLimits, excluding: [Int64],
        limit: Int
    ) async throws -> [ClaimLimits.Candidate] {
        var filters = "t.status = \(TaskStatus.ready.rawValue) AND t.run_after <= $1 AND t.id <> ALL($2)"
        var binds = PostgresBindings()
        binds.append(now)
        binds.append(excluding)
        binds.append(limit)
        scope(claim, filters: &filters, binds: &binds)
        if !limits.fullPools.isEmpty {
            binds.append(limits.fullPools.sorted())
            filters += " AND (t.pool IS NULL OR t.pool <> ALL($\(binds.count)))"
        }
        if !limits.fullWorkflows.isEmpty {
            binds.append(startingStatuses)
            binds.append(limits.fullWorkflows.sorted())
            filters +=
                " AND NOT (j.concurrency > 0 AND j.status = ANY($\(binds.count - 1)) AND j.workflow = ANY($\(binds.count)))"
        }
        let rows = try await connection.rows(
            PostgresQuery(
                unsafeSQL: """
                    SELECT t.id, t.job, t.pool, j.workflow, j.status, j.concurrency
                    FROM tasks t JOIN jobs j ON j.number = t.job
                    WHERE \(filters) ORDER BY t.priority DESC, t.id LIMIT $3
                    """, binds: binds))
        return try rows.map { row in
            guard let status = JobStatus(rawValue: Int(try row("status", Int64.self))) else {
                throw StoreError.corrupt("job status")
            }
            return ClaimLimits.Candidate(
                id: try row("id"), job: try row("job"), pool: try row("pool"), workflow: try row("workflow"),
                jobStatus: status, concurrency: Int(try row("concurrency", Int64.self)))
        }
    }

    /// How many tasks of each of `pools` run now.
    private static func runningTasks(_ connection: PostgresConnection, pools: Set<String>) async throws -> [String: Int] {
        guard !pools.isEmpty else { return [:] }
        let rows = try await connection.rows(
            """
            SELECT pool, count(*) AS n FROM tasks
            WHERE status = \(unescaped: String(TaskStatus.running.rawValue)) AND pool = ANY(\(pools.sorted()))
            GROUP BY pool
            """)
        // A pool without running tasks has no row: it counts 0, not what an earlier look saw.
        var counts = Dictionary(uniqueKeysWithValues: pools.map { ($0, 0) })
        for row in rows { counts[try row("pool", String.self)] = Int(try row("n", Int64.self)) }
        return counts
    }

    /// How many jobs of each of `workflows` run or stop now.
    private static func runningJobs(_ connection: PostgresConnection, workflows: Set<String>) async throws -> [String: Int] {
        guard !workflows.isEmpty else { return [:] }
        // The statuses are written out so that the partial index on running jobs serves the count.
        let statuses = ClaimLimits.runningJobStatuses.map { String($0.rawValue) }.joined(separator: ", ")
        let rows = try await connection.rows(
            """
            SELECT workflow, count(*) AS n FROM jobs
            WHERE status IN (\(unescaped: statuses)) AND workflow = ANY(\(workflows.sorted()))
            GROUP BY workflow
            """)
        var counts = Dictionary(uniqueKeysWithValues: workflows.map { ($0, 0) })
        for row in rows { counts[try row("workflow", String.self)] = Int(try row("n", Int64.self)) }
        return counts
    }

    /// The job statuses a claim starts (`JobMachine.claimed`).
    private static let startingStatuses = JobStatus.allCases.filter { JobMachine.claimed(jobStatus: $0) != nil }
        .map { Int64($0.rawValue) }

    /// The advisory lock of a pool or workflow: FNV-1a of `kind` and `name`, the same number in
    /// every process (Swift's own hashing is seeded per process).
    private static func lockKey(_ kind: String, _ name: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "baton.\(kind)\u{0}\(name)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }

    /// The claim's queues and jobs as conditions on `t`, their values bound after `binds`'.
    private static func scope(_ claim: ClaimRequest, filters: inout String, binds: inout PostgresBindings) {
        if let queues = claim.queues {
            binds.append(queues)
            filters += " AND t.queue = ANY($\(binds.count))"
        }
        if let jobs = claim.jobs {
            binds.append(jobs)
            filters += " AND t.job = ANY($\(binds.count))"
        }
    }
}

/// The claim statement (see `take`). `$1` now, `$2` the worker, `$3` the lease's end, `$4` how
/// many, `$5`–`$8` the job-start rules (`TransitionWrites.claimed`) as columns; the prepared
/// form's scope is `$9` (queues) and `$10` (jobs), each NULL for any.
///
/// `picked` is materialized: the job update and the task update see the same picks; a
/// data-modifying WITH runs whether or not it is read. The job columns returned come from the
/// statement's snapshot (uuid and payload never change); parents' results were committed by
/// earlier statements, so they are visible. The one row of `seen` carries the number of
/// limited picks even when nothing was taken.
private enum ClaimSQL: PreparedSQL {
    /// Ready tasks whose retry delay is over.
    static let ready = "t.status = \(TaskStatus.ready.rawValue) AND t.run_after <= $1::bigint"

    static let sql = text(
        filters: ready
            + " AND ($9::text[] IS NULL OR t.queue = ANY($9::text[])) AND ($10::bigint[] IS NULL OR t.job = ANY($10::bigint[]))",
        limited: "(t.pool IS NOT NULL OR (j.concurrency > 0 AND j.status = ANY($5::bigint[])))")

    static func text(filters: String, limited: String) -> String {
        """
        WITH picked AS MATERIALIZED (
            SELECT t.id, t.job, \(limited) AS limited FROM tasks t JOIN jobs j ON j.number = t.job
            WHERE \(filters) ORDER BY t.priority DESC, t.id LIMIT $4::bigint
            FOR UPDATE OF t, j SKIP LOCKED
        ), started AS (
            UPDATE jobs SET status = rule.next, updated = $1::bigint, started = coalesce(jobs.started, rule.started),
                ended = coalesce(rule.ended, jobs.ended)
            FROM unnest($5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[]) AS rule(status, next, started, ended)
            WHERE jobs.number IN (SELECT job FROM picked WHERE NOT limited) AND jobs.status = rule.status
        ), claimed AS (
            UPDATE tasks SET status = \(TaskStatus.running.rawValue), worker = $2::text, lease_until = $3::bigint,
                attempt = attempt + 1, started = $1::bigint, updated = $1::bigint, ended = NULL
            FROM picked JOIN jobs j ON j.number = picked.job
            WHERE tasks.id = picked.id AND NOT picked.limited
            RETURNING tasks.id, tasks.uuid, tasks.job, tasks.key, tasks.attempt, tasks.body, tasks.parents,
                greatest(tasks.ready_at, tasks.run_after) AS ready_at, j.uuid AS job_uuid, j.payload,
                (SELECT array_agg(coalesce(p.result, 'null') ORDER BY parent.n)
                 FROM unnest(string_to_array(tasks.parents, ',')::bigint[]) WITH ORDINALITY AS parent(id, n)
                 LEFT JOIN tasks p ON p.id = parent.id) AS parent_results
        ), seen AS (
            SELECT count(*) FILTER (WHERE limited) AS limited_picks FROM picked
        )
        SELECT claimed.*, seen.limited_picks FROM seen LEFT JOIN claimed ON true
        """
    }
}
