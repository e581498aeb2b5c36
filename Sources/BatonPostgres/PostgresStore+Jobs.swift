import BatonCore
import BatonStore
import Foundation
import PostgresNIO

extension PostgresStore {
    public func jobInsert(_ jobs: [NewJob], now: Int64) async throws -> [JobRecord] {
        try await transaction { connection in
            // Two processes inserting one key (a schedule's slot) take turns; keys are taken in
            // one order everywhere, so two batches cannot wait on each other.
            for key in Set(jobs.compactMap(\.key)).sorted() {
                try await connection.run("SELECT pg_advisory_xact_lock(hashtext(\(key)))")
            }
            var records: [JobRecord] = []
            for job in jobs { records.append(try await Self.insertJob(connection, job, now: now)) }
            return records
        }
    }

    /// Inserts one job (or finds the earlier job of its key) inside the caller's transaction: a
    /// `jobInsert`, or a sub-workflow step's child job (SPEC §13).
    static func insertJob(_ connection: PostgresConnection, _ job: NewJob, now: Int64) async throws -> JobRecord {
        if let key = job.key {
            if let earlier = try await connection.row(
                "SELECT job FROM job_keys WHERE key = \(key) AND created > \(now - NewJob.keyLifetime)")
            {
                return try await Self.job(connection, number: earlier("job"))!
            }
            try await connection.run("DELETE FROM job_keys WHERE key = \(key)")
        }
        let label = JobLabel.make(workflow: job.workflow, createdMillis: now)
        let failureHook = try job.failureHook.map { try ColumnCoding.encode($0) }
        let inserted = try await connection.row(
            """
            INSERT INTO jobs (uuid, workflow, project, name, label, status, payload, input, comment, periodic,
                              failure_hook, created, updated, parent_task, concurrency, priority)
            VALUES (\(job.uuid.uuidString.lowercased()), \(job.workflow), \(job.project), \(job.name), \(label),
                    \(JobStatus.pending.rawValue), \(job.payload.jsonText), \(ColumnCoding.input(job.input)),
                    \(job.comment), \(job.periodic), \(failureHook), \(now), \(now), \(job.parentTask),
                    \(job.concurrency ?? 0), \(job.priority))
            RETURNING number
            """)
        let number: Int64 = try inserted!("number")
        var ids: [Int64] = []
        for task in job.tasks {
            ids.append(
                try await Self.insertTask(
                    connection, task, job: number, parents: task.parents.map { ids[$0] },
                    status: task.succeeded == nil ? .pending : .success, priority: job.priority, now: now))
        }
        if let key = job.key {
            try await connection.run("INSERT INTO job_keys (key, job, created) VALUES (\(key), \(number), \(now))")
        }
        try await Self.transition(connection, job: number, now: now) { $0.created() }
        return try await Self.job(connection, number: number)!
    }

    /// Inserts one task; `priority` is its job's.
    static func insertTask(
        _ connection: PostgresConnection, _ task: NewTask, job: Int64, parents: [Int64],
        status: TaskStatus, priority: Int, now: Int64
    ) async throws -> Int64 {
        let row = try await connection.row(
            """
            INSERT INTO tasks (uuid, job, position, key, name, task, status, hook, parents, queue, body, max_retries,
                               retry_delay, created, updated, result, ready_at, fanout_limit, pool, priority)
            VALUES (\(Identifiers.randomUUID().uuidString.lowercased()), \(job), \(task.position), \(task.key), \(task.name), \(task.taskName),
                    \(status.rawValue), \(task.hook?.rawValue), \(ColumnCoding.parents(parents)), \(task.queue),
                    \(try TaskBodyText.text(task.body)), \(task.body.retries), \(task.body.retryDelay), \(now), \(now),
                    \(task.succeeded?.jsonText), \(TransitionWrites.readyAt(insertedWith: status, now: now)),
                    \(task.body.foreach?.concurrency ?? 0), \(task.body.pool), \(priority))
            RETURNING id
            """)
        return try row!("id")
    }

    static func job(_ connection: PostgresConnection, number: Int64) async throws -> JobRecord? {
        try await connection.row("SELECT \(unescaped: JobRecord.columns) FROM jobs WHERE number = \(number)")
            .map { try JobRecord(stored: $0) }
    }

    public func jobGet(number: Int64) async throws -> JobRecord? {
        try await withConnection { connection in try await Self.job(connection, number: number) }
    }

    public func jobGet(uuid: UUID) async throws -> JobRecord? {
        try await withConnection { connection in
            try await connection.row(
                "SELECT \(unescaped: JobRecord.columns) FROM jobs WHERE uuid = \(uuid.uuidString.lowercased())"
            ).map { try JobRecord(stored: $0) }
        }
    }

    public func jobList(_ query: JobQuery) async throws -> JobPage {
        var conditions: [String] = []
        var binds = PostgresBindings()
        func bind(_ value: some PostgresNonThrowingEncodable) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        for filter in query.filters {
            let placeholder =
                switch filter.value {
                case .text(let text): bind(text)
                case .integer(let number): bind(number)
                }
            let condition =
                switch filter.comparison {
                case .equals: "\(filter.column) = \(placeholder)"
                case .atLeast: "\(filter.column) >= \(placeholder)"
                case .atMost: "\(filter.column) <= \(placeholder)"
                case .likeIgnoringCase: "\(filter.column) ILIKE \(placeholder) ESCAPE '\\'"
                }
            conditions.append(condition)
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        // All jobs, or one workflow's: the trigger-kept counts. Other filters count their matches.
        let countQuery =
            query.countsAreKept
            ? PostgresQuery(unsafeSQL: "SELECT coalesce(sum(n), 0)::bigint AS total FROM job_counts \(filter)", binds: binds)
            : PostgresQuery(unsafeSQL: "SELECT count(*) AS total FROM jobs \(filter)", binds: binds)
        let page = "ORDER BY number \(query.ascending ? "ASC" : "DESC") LIMIT \(bind(query.limit)) OFFSET \(bind(query.offset))"
        let pageQuery = PostgresQuery(unsafeSQL: "SELECT \(JobRecord.columns) FROM jobs \(filter) \(page)", binds: binds)
        return try await withConnection { connection in
            let total = try await connection.row(countQuery)!("total", Int.self)
            return JobPage(jobs: try await connection.rows(pageQuery).map { try JobRecord(stored: $0) }, total: total)
        }
    }

    public func jobDeleteBeyond(workflow: String, keep: Int) async throws -> Int {
        let ended = "status IN (\(JobStatus.success.rawValue), \(JobStatus.failed.rawValue), \(JobStatus.interrupted.rawValue))"
        return try await transaction { connection in
            if keep <= 0 {
                return try await connection.rows(
                    "DELETE FROM jobs WHERE workflow = \(workflow) AND \(unescaped: ended) RETURNING number"
                ).count
            }
            // Older than the keep-th newest job; nothing when there are fewer (the bound is NULL).
            return try await connection.rows(
                """
                DELETE FROM jobs WHERE workflow = \(workflow) AND \(unescaped: ended) AND number <
                    (SELECT number FROM jobs WHERE workflow = \(workflow) ORDER BY number DESC LIMIT 1 OFFSET \(keep - 1))
                RETURNING number
                """
            ).count
        }
    }

    public func jobCancel(number: Int64, now: Int64) async throws -> JobCancellation? {
        try await transaction { connection in
            guard try await Self.job(connection, number: number) != nil else { return nil }
            var answer = JobMachine.CancelAnswer.stopping
            try await Self.transition(connection, job: number, now: now) { answer = $0.cancel() }
            guard let job = try await Self.job(connection, number: number) else {
                throw StoreError.corrupt("job \(number) vanished")
            }
            // A job waiting only for child jobs that were pending ended with them, in this
            // transaction: nothing was running.
            if answer == .stopping && job.status == .interrupted { answer = .interrupted }
            return JobCancellation(job: job, answer: answer)
        }
    }
}
