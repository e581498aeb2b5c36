import BatonCore
import BatonStore
import Foundation
import PostgresNIO

extension PostgresStore {
    public func workStep(_ step: WorkStep) async throws -> WorkStepResult {
        try await transaction { connection in
            var changedJobs: [Int64] = []
            var ended: [Int64: JobStatus] = [:]
            // Jobs in one order in every process: two steps locking the same jobs cannot deadlock.
            for (job, outcomes) in Dictionary(grouping: step.outcomes, by: \.job).sorted(by: { $0.key < $1.key }) {
                try await Self.lockJob(connection, job)
                let current = try await Self.holdingLease(connection, outcomes)
                guard !current.isEmpty else { continue }
                for outcome in current { try await Self.record(connection, outcome, now: step.now) }
                let changes = try await Self.transition(connection, job: job, now: step.now) { try $0.finished(current, now: step.now) }
                if changes.jobStatus != nil { changedJobs.append(job) }
                if let status = changes.jobStatus, status.isTerminal { ended[job] = status }
            }
            // One round trip for the workflows of every job this step ended.
            var endedJobs: [EndedJob] = []
            if !ended.isEmpty {
                for row in try await connection.rows("SELECT number, workflow, uuid, created FROM jobs WHERE number = ANY(\(Array(ended.keys)))") {
                    let number = try row("number", Int64.self)
                    endedJobs.append(EndedJob(number: number, workflow: try row("workflow"), status: ended[number]!,
                                              uuid: try ColumnCoding.uuid(row("uuid")), created: try row("created", Int64.self), ended: step.now))
                }
            }
            var claimed: [ClaimedTask] = []
            if let claim = step.claim, claim.limit > 0 {
                claimed = try await Self.claim(connection, claim, now: step.now)
                changedJobs += Set(claimed.map(\.job))
            }
            return WorkStepResult(claimed: claimed, changedJobs: changedJobs, endedJobs: endedJobs)
        }
    }

    /// The outcomes whose worker still holds that attempt: after a lease expired, another worker
    /// may be running the task again. The job's row is locked, so this cannot change under us.
    private static func holdingLease(_ connection: PostgresConnection, _ outcomes: [TaskOutcome]) async throws -> [TaskOutcome] {
        let rows = try await connection.rows(
            "SELECT id, worker, attempt FROM tasks WHERE id = ANY(\(outcomes.map(\.task))) AND status = \(TaskStatus.running.rawValue)")
        var holders: [Int64: (worker: String?, attempt: Int)] = [:]
        for row in rows { holders[try row("id")] = (try row("worker"), try row("attempt")) }
        return outcomes.filter { holders[$0.task]?.worker == $0.worker && holders[$0.task]?.attempt == $0.attempt }
    }

    private static func record(_ connection: PostgresConnection, _ outcome: TaskOutcome, now: Int64) async throws {
        switch outcome.result {
        case .succeeded(let result, let rows):
            try await connection.run("UPDATE tasks SET result = \(result.jsonText), error = NULL WHERE id = \(outcome.task)")
            if let rows { try await storeRows(connection, task: outcome.task, rows) }
        case .failed(let error, _):
            try await connection.run("UPDATE tasks SET error = \(try ColumnCoding.encode(error)) WHERE id = \(outcome.task)")
        }
        if !outcome.log.isEmpty {
            try await connection.run("""
                INSERT INTO task_logs (task, attempt, text) VALUES (\(outcome.task), \(outcome.attempt), \(outcome.log))
                ON CONFLICT (task, attempt) DO UPDATE SET text = excluded.text
                """)
        }
    }

    /// Rows go in batches of 1,000 per statement: a CSV of a million rows is a thousand round trips.
    private static func storeRows(_ connection: PostgresConnection, task: Int64, _ rows: RowsSource) async throws {
        try await connection.run("DELETE FROM task_rows WHERE task = \(task)")
        var batch: [String] = []
        var seq: Int64 = 0
        func flush() async throws {
            guard !batch.isEmpty else { return }
            try await connection.run("""
                INSERT INTO task_rows (task, seq, cells)
                SELECT \(task), \(seq - Int64(batch.count)) + ordinality - 1, cells FROM unnest(\(batch)) WITH ORDINALITY AS t(cells)
                """)
            batch.removeAll(keepingCapacity: true)
        }
        func add(_ cells: [String]) async throws {
            batch.append(ColumnCoding.cells(cells))
            seq += 1
            if batch.count == 1000 { try await flush() }
        }
        switch rows {
        case .memory(let all):
            for cells in all { try await add(cells) }
        case .cursor(let open):
            var cursor = try open()
            while let cells = try cursor.next() { try await add(cells) }
        }
        try await flush()
    }

    /// One statement picks and leases the tasks. `SKIP LOCKED` on the task and its job: claims
    /// in other processes pass each other by, and a job being moved by a transition elsewhere
    /// is left alone until that commits.
    private static func claim(_ connection: PostgresConnection, _ claim: ClaimRequest, now: Int64) async throws -> [ClaimedTask] {
        var filters = "t.status = \(TaskStatus.ready.rawValue) AND t.run_after <= $1"
        var binds = PostgresBindings()
        binds.append(now)
        binds.append(claim.worker)
        binds.append(claim.leaseUntil)
        binds.append(claim.limit)
        if let queues = claim.queues {
            binds.append(queues)
            filters += " AND t.queue = ANY($\(binds.count))"
        }
        if let job = claim.job {
            binds.append(job)
            filters += " AND t.job = $\(binds.count)"
        }
        let rows = try await connection.rows(PostgresQuery(unsafeSQL: """
            WITH picked AS (
                SELECT t.id FROM tasks t JOIN jobs j ON j.number = t.job
                WHERE \(filters) ORDER BY t.id LIMIT $4
                FOR UPDATE OF t, j SKIP LOCKED
            )
            UPDATE tasks SET status = \(TaskStatus.running.rawValue), worker = $2, lease_until = $3,
                attempt = attempt + 1, started = $1, updated = $1, ended = NULL
            FROM picked WHERE tasks.id = picked.id
            RETURNING tasks.id, tasks.uuid, tasks.job, tasks.key, tasks.attempt, tasks.body, tasks.parents,
                greatest(tasks.ready_at, tasks.run_after) AS ready_at
            """, binds: binds)).sorted { try $0("id", Int64.self) < $1("id", Int64.self) }
        guard !rows.isEmpty else { return [] }

        let numbers = Array(Set(try rows.map { try $0("job", Int64.self) }))
        var jobs: [Int64: (uuid: UUID, payload: JSON)] = [:]
        var moves: [TransitionWrites.JobRow: [Int64]] = [:]
        for row in try await connection.rows("SELECT number, uuid, payload, status FROM jobs WHERE number = ANY(\(numbers))") {
            let number: Int64 = try row("number")
            jobs[number] = (try ColumnCoding.uuid(row("uuid")), try ColumnCoding.json(row("payload")) ?? .object([:]))
            guard let status = JobStatus(rawValue: try row("status", Int.self)) else { throw StoreError.corrupt("job status") }
            if let job = TransitionWrites.claimed(jobStatus: status, now: now) { moves[job, default: []].append(number) }
        }
        for (job, numbers) in moves { try await Self.write(connection, job, numbers: numbers, now: now) }
        let parentIds = try rows.map { ColumnCoding.parents(try $0("parents", String.self)) }
        var results: [Int64: JSON] = [:]
        let allParents = Array(Set(parentIds.joined()))
        if !allParents.isEmpty {
            for row in try await connection.rows("SELECT id, result FROM tasks WHERE id = ANY(\(allParents))") {
                results[try row("id")] = try ColumnCoding.json(row("result")) ?? .null
            }
        }
        return try zip(rows, parentIds).map { row, parents in
            let job: Int64 = try row("job")
            return ClaimedTask(
                id: try row("id"), uuid: try ColumnCoding.uuid(row("uuid")), job: job, jobUUID: jobs[job]!.uuid,
                key: try row("key"), attempt: try row("attempt"), body: try TaskBodyCache.body(row("body")),
                payload: jobs[job]!.payload,
                parents: ClaimedTask.parentResults(parents.map { results[$0] ?? .null }),
                readyAt: try row("ready_at"), parentTasks: parents)
        }
    }
}
