import BatonCore
import BatonStore
import Foundation
import GRDB

extension SQLiteStore {
    public func jobInsert(_ jobs: [NewJob], now: Int64) async throws -> [JobRecord] {
        try await pool.write { db in try jobs.map { try Self.insert(db, $0, now: now) } }
    }

    /// Inserts one job (or finds the earlier job of its key) inside the caller's transaction:
    /// a submitted job, or a sub-workflow's child job started by a work step.
    static func insert(_ db: Database, _ job: NewJob, now: Int64) throws -> JobRecord {
        if let key = job.key {
            if let earlier = try Int64.fetchOne(
                db, sql: "SELECT job FROM job_keys WHERE key = ? AND created > ?", arguments: [key, now - NewJob.keyLifetime])
            {
                return try Self.job(db, number: earlier)!
            }
            try db.execute(sql: "DELETE FROM job_keys WHERE key = ?", arguments: [key])
        }
        // Cached statements: preparing SQL anew costs more than running it.
        try db.cachedStatement(
            sql: """
                INSERT INTO jobs (uuid, workflow, project, name, label, status, payload, input, comment, periodic,
                                  failure_hook, created, updated, parent_task, concurrency, priority)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                job.uuid.uuidString.lowercased(), job.workflow, job.project, job.name,
                JobLabel.make(workflow: job.workflow, createdMillis: now), JobStatus.pending.rawValue,
                job.payload.jsonText, ColumnCoding.input(job.input), job.comment, job.periodic,
                try job.failureHook.map { try ColumnCoding.encode($0) }, now, now, job.parentTask, job.concurrency ?? 0,
                job.priority,
            ])
        let number = db.lastInsertedRowID
        var ids: [Int64] = []
        for task in job.tasks {
            ids.append(
                try Self.insertTask(
                    db, task, job: number, parents: task.parents.map { ids[$0] },
                    status: task.succeeded == nil ? .pending : .success, priority: job.priority, now: now))
        }
        if let key = job.key {
            try db.execute(sql: "INSERT INTO job_keys (key, job, created) VALUES (?, ?, ?)", arguments: [key, number, now])
        }
        try Self.transition(db, job: number, now: now) { $0.created() }
        return try Self.job(db, number: number)!
    }

    /// Inserts one task; `priority` is its job's, `instanceOf` the fan-out step of an instance.
    static func insertTask(
        _ db: Database, _ task: NewTask, job: Int64, parents: [Int64], status: TaskStatus, priority: Int,
        instanceOf: Int64? = nil, now: Int64
    ) throws -> Int64 {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO tasks (uuid, job, position, key, name, task, status, hook, parents, queue, body, max_retries,
                                   retry_delay, created, updated, result, ready_at, instance_of, fanout_limit, pool, priority)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.execute(arguments: [
            UUID().uuidString.lowercased(), job, task.position, task.key, task.name, task.taskName, status.rawValue,
            task.hook?.rawValue, ColumnCoding.parents(parents), task.queue, try ColumnCoding.encode(task.body),
            task.body.retries, task.body.retryDelay, now, now, task.succeeded?.jsonText,
            TransitionWrites.readyAt(insertedWith: status, now: now), instanceOf, task.body.foreach?.concurrency ?? 0,
            task.body.pool, priority,
        ])
        return db.lastInsertedRowID
    }

    static func job(_ db: Database, number: Int64) throws -> JobRecord? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(JobRecord.columns) FROM jobs WHERE number = ?"), arguments: [number])
            .map { try JobRecord(stored: SQLiteRow($0)) }
    }

    public func jobGet(number: Int64) async throws -> JobRecord? {
        try await pool.read { db in try Self.job(db, number: number) }
    }

    public func jobGet(uuid: UUID) async throws -> JobRecord? {
        try await pool.read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT \(JobRecord.columns) FROM jobs WHERE uuid = ?"),
                arguments: [uuid.uuidString.lowercased()]
            )
            .map { try JobRecord(stored: SQLiteRow($0)) }
        }
    }

    public func jobList(_ query: JobQuery) async throws -> JobPage {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        for filter in query.filters {
            switch filter.value {
            case .text(let text): arguments += [text]
            case .integer(let number): arguments += [number]
            }
            let condition =
                switch filter.comparison {
                case .equals: "\(filter.column) = ?"
                case .atLeast: "\(filter.column) >= ?"
                case .atMost: "\(filter.column) <= ?"
                // SQLite's LIKE ignores case (ASCII), as Explorer's name filter wants.
                case .likeIgnoringCase: "\(filter.column) LIKE ? ESCAPE '\\'"
                }
            conditions.append(condition)
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let order = query.ascending ? "ASC" : "DESC"
        let countArguments = arguments
        let countSQL = conditions.isEmpty ? "SELECT n FROM job_count" : "SELECT COUNT(*) FROM jobs \(filter)"
        let pageArguments = arguments + [query.limit, query.offset]
        return try await pool.read { db in
            let total = try Int.fetchOne(db, sql: countSQL, arguments: countArguments) ?? 0
            let rows = try Row.fetchAll(
                db, sql: "SELECT \(JobRecord.columns) FROM jobs \(filter) ORDER BY number \(order) LIMIT ? OFFSET ?",
                arguments: pageArguments)
            return JobPage(jobs: try rows.map { try JobRecord(stored: SQLiteRow($0)) }, total: total)
        }
    }

    public func jobDeleteBeyond(workflow: String, keep: Int) async throws -> Int {
        let ended = "status IN (\(JobStatus.success.rawValue), \(JobStatus.failed.rawValue), \(JobStatus.interrupted.rawValue))"
        return try await pool.write { db in
            if keep <= 0 {
                try db.execute(sql: "DELETE FROM jobs WHERE workflow = ? AND \(ended)", arguments: [workflow])
            } else {
                // Older than the keep-th newest job; nothing when there are fewer (the bound is NULL).
                try db.execute(
                    sql: """
                        DELETE FROM jobs WHERE workflow = ? AND \(ended) AND number <
                            (SELECT number FROM jobs WHERE workflow = ? ORDER BY number DESC LIMIT 1 OFFSET ?)
                        """, arguments: [workflow, workflow, keep - 1])
            }
            return db.changesCount
        }
    }

    public func jobCancel(number: Int64, now: Int64) async throws -> JobCancellation? {
        try await pool.write { db in
            guard try Self.job(db, number: number) != nil else { return nil }
            var answer = JobMachine.CancelAnswer.stopping
            try Self.transition(db, job: number, now: now) { answer = $0.cancel() }
            let job = try Self.job(db, number: number)!
            // A waiting sub-workflow step leaves the job stopping, but a child that ended at once
            // (nothing of it ran) ended the step and then the job, in the same transaction.
            if answer == .stopping && job.status == .interrupted { answer = .interrupted }
            return JobCancellation(job: job, answer: answer)
        }
    }
}
