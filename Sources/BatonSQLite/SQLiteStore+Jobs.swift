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
        // The job's first moves (`created`) are decided before anything is written, on the
        // snapshot of what is about to be inserted: the rows go in with their settled values,
        // and neither the tasks nor the job are read back. Task ids are given, not chosen by
        // SQLite: `AUTOINCREMENT` would take the next after `sqlite_sequence`, read with the job's
        // insert, and the tasks' `parents` need them before their INSERT.
        let payloadText = job.payload.jsonText
        let inputText = ColumnCoding.input(job.input)
        let failureHookText = try job.failureHook.map { try ColumnCoding.encode($0) }
        // Cached statements: preparing SQL anew costs more than running it.
        guard
            let inserted = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        INSERT INTO jobs (uuid, workflow, project, name, label, status, payload, input, comment, periodic,
                                          failure_hook, created, updated, parent_task, concurrency, priority)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        RETURNING number, (SELECT seq FROM sqlite_sequence WHERE name = 'tasks')
                        """),
                arguments: [
                    job.uuid.uuidString.lowercased(), job.workflow, job.project, job.name,
                    JobLabel.make(workflow: job.workflow, createdMillis: now), JobStatus.pending.rawValue, payloadText,
                    inputText, job.comment, job.periodic, failureHookText, now, now, job.parentTask,
                    job.concurrency ?? 0, job.priority,
                ])
        else { throw StoreError.corrupt("job insert returned nothing") }
        let number: Int64 = inserted[0]
        let firstTask = (inserted[1] as Int64? ?? 0) + 1
        let ids = job.tasks.indices.map { firstTask + Int64($0) }
        let initial = job.tasks.map { $0.succeeded == nil ? TaskStatus.pending : .success }
        let snapshot = JobSnapshot(
            id: number, status: .pending, hasFailureHook: job.failureHook != nil,
            tasks: job.tasks.enumerated().map { index, task in
                TaskSnapshot(
                    id: ids[index], status: initial[index], parents: task.parents.map { ids[$0] }, hook: task.hook,
                    maxRetries: task.body.retries, retryDelay: task.body.retryDelay,
                    fanOutLimit: task.body.foreach?.concurrency ?? 0)
            })
        var machine = JobMachine(snapshot)
        machine.created()
        let changes = machine.changes
        let writes = TransitionWrites(changes, now: now)
        try insertTasks(db, job, number: number, ids: ids, initial: initial, writes: writes.tasks, now: now)
        if let key = job.key {
            try db.execute(sql: "INSERT INTO job_keys (key, job, created) VALUES (?, ?, ?)", arguments: [key, number, now])
        }
        if let jobRow = writes.job { try write(db, jobRow, number: number, now: now) }
        if let status = writes.failureHook, let hook = job.failureHook {
            _ = try insertTask(db, hook, job: number, parents: [], status: status, priority: job.priority, now: now)
        }
        // A job with nothing to run has ended already: a sub-workflow's step ends with it.
        var moved: [MovedJob] = []
        try follow(db, changes, job: number, parentTask: job.parentTask, now: now, moved: &moved)
        // The record as a read would give it: JSON columns decoded from the text just written.
        return JobRecord(
            number: number, uuid: job.uuid, workflow: job.workflow, project: job.project, name: job.name,
            status: writes.job?.status ?? .pending, payload: try ColumnCoding.json(payloadText) ?? .object([:]),
            input: try ColumnCoding.input(inputText), comment: job.comment, periodic: job.periodic, created: now,
            updated: now, started: writes.job?.startedIfUnset, ended: writes.job?.ended,
            hasFailureHook: failureHookText != nil, parentTask: job.parentTask)
    }

    /// Columns of one task row in `insertTasks`.
    private static let taskColumns = 25
    /// One task row's placeholders: built once, as joining them showed in every insert.
    private static let taskRowMarks = "(" + String(repeating: "?, ", count: taskColumns - 1) + "?)"
    /// Task rows per INSERT: a job's tasks usually go in one statement.
    private static let tasksPerInsert = 500

    /// Inserts a new job's tasks with the ids `ids` and their values after the job's first
    /// transition (`writes`, by id; a task without one keeps its `initial` status).
    private static func insertTasks(
        _ db: Database, _ job: NewJob, number: Int64, ids: [Int64], initial: [TaskStatus],
        writes: [TransitionWrites.TaskRow], now: Int64
    ) throws {
        let written = Dictionary(uniqueKeysWithValues: writes.map { ($0.id, $0) })
        for start in stride(from: 0, to: job.tasks.count, by: tasksPerInsert) {
            let indices = start..<min(start + tasksPerInsert, job.tasks.count)
            var arguments: [(any DatabaseValueConvertible)?] = []
            arguments.reserveCapacity(indices.count * taskColumns)
            for index in indices {
                let task = job.tasks[index]
                let write = written[ids[index]]
                let status = write?.status ?? initial[index]
                arguments += [
                    ids[index], Identifiers.randomUUID().uuidString.lowercased(), number, task.position, task.key, task.name,
                    task.taskName, status.rawValue, task.hook?.rawValue,
                    ColumnCoding.parents(task.parents.map { ids[$0] }), task.queue, try TaskBodyText.text(task.body),
                    task.body.retries, task.body.retryDelay, now, now, task.succeeded?.jsonText,
                    write?.readyAt ?? TransitionWrites.readyAt(insertedWith: initial[index], now: now),
                    task.body.foreach?.concurrency ?? 0, task.body.pool, job.priority, write?.failures ?? 0,
                    write?.runAfter ?? 0, write?.cancelRequested ?? false, write?.endedIfUnset,
                ]
            }
            let sql = """
                INSERT INTO tasks (id, uuid, job, position, key, name, task, status, hook, parents, queue, body,
                                   max_retries, retry_delay, created, updated, result, ready_at, fanout_limit, pool,
                                   priority, failures, run_after, cancel_requested, ended)
                VALUES \(taskRowMarks)\(String(repeating: ", " + taskRowMarks, count: indices.count - 1))
                """
            // Workflows have a few sizes: those statements are prepared once; a huge job's are not kept.
            let statement = indices.count <= 64 ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
            try statement.execute(arguments: StatementArguments(arguments))
        }
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
            Identifiers.randomUUID().uuidString.lowercased(), job, task.position, task.key, task.name, task.taskName,
            status.rawValue,
            task.hook?.rawValue, ColumnCoding.parents(parents), task.queue, try TaskBodyText.text(task.body),
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
