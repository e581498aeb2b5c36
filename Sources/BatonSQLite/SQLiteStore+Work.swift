import BatonCore
import BatonStore
import Foundation
import GRDB

extension SQLiteStore {
    public func workStep(_ step: WorkStep) async throws -> WorkStepResult {
        try await pool.write { db in
            var moved: [MovedJob] = []
            for (job, outcomes) in Dictionary(grouping: step.outcomes, by: \.job) {
                // One read of the job serves the lease check and the transition, unless an
                // outcome adds rows first (a fan-out's instances, a child job that may end its step).
                let loaded = try Self.load(db, job: job)
                let current = outcomes.filter { outcome in
                    guard let task = loaded.leases[outcome.task] else { return false }
                    return outcome.counts(status: task.status, worker: task.worker, attempt: task.attempt)
                }
                guard !current.isEmpty else { continue }
                var results: [Int64: StoredResult] = [:]
                var addsRows = false
                for outcome in current {
                    if let stored = try Self.record(db, outcome, now: step.now) {
                        results[outcome.task] = stored
                    } else {
                        addsRows = true
                    }
                }
                try Self.transition(
                    db, job: job, now: step.now, moved: &moved, loaded: addsRows ? nil : loaded, results: results
                ) { try $0.finished(current, now: step.now) }
            }
            // A job may move more than once in a step (a child's end moves its parent on): its
            // last status is the one it has now.
            var changedJobs: [Int64] = []
            var statuses: [Int64: JobStatus] = [:]
            for (job, status) in moved {
                if statuses.updateValue(status, forKey: job) == nil { changedJobs.append(job) }
            }
            var endedJobs: [EndedJob] = []
            for job in changedJobs {
                guard let status = statuses[job], status.isTerminal else { continue }
                let row = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT workflow, uuid, created FROM jobs WHERE number = ?"), arguments: [job])
                endedJobs.append(
                    EndedJob(
                        number: job, workflow: row?["workflow"] ?? "", status: status,
                        uuid: (row?["uuid"] as String?).flatMap(UUID.init), created: row?["created"], ended: step.now))
            }
            var claimed: [ClaimedTask] = []
            if let claim = step.claim, claim.limit > 0 {
                claimed = try Self.claim(db, claim, now: step.now)
                changedJobs += Set(claimed.map(\.job))
            }
            return WorkStepResult(claimed: claimed, changedJobs: changedJobs, endedJobs: endedJobs)
        }
    }

    /// Stores what an attempt left (rows, log) and what its outcome adds: a fan-out step's
    /// instances, a sub-workflow step's child job. The result and error columns are returned,
    /// for the task's UPDATE in the transition; nil when the outcome added rows (and wrote its
    /// own result), so the transition must read the job again.
    private static func record(_ db: Database, _ outcome: TaskOutcome, now: Int64) throws -> StoredResult? {
        var stored: StoredResult?
        switch outcome.result {
        case .succeeded(let result, let rows):
            stored = StoredResult(setsResult: true, result: result.jsonText, error: nil)
            if let rows { try storeRows(db, task: outcome.task, rows) }
        case .failed(let error, _):
            stored = StoredResult(setsResult: false, result: nil, error: try ColumnCoding.encode(error))
        case .skipped:
            stored = StoredResult(setsResult: true, result: nil, error: nil)
        case .fannedOut(let items):
            try expand(db, step: outcome.task, items, now: now)
        case .startedChild(let child):
            _ = try insert(db, child, now: now)
        }
        if !outcome.log.isEmpty {
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO task_logs (task, attempt, text) VALUES (?, ?, ?)")
                .execute(arguments: [outcome.task, outcome.attempt, outcome.log])
        }
        return stored
    }

    /// How many instances one INSERT adds: 17 values each stays well under SQLite's limit of
    /// 32,766 bound values, and 10,000 instances take 20 statements.
    private static let instancesPerInsert = 500

    /// A fan-out step expanded into `items` (SPEC §13): it records their count as its result
    /// and gets one pending instance per item, copied from its own row, before its machine runs.
    private static func expand(_ db: Database, step: Int64, _ items: [FanOutItem], now: Int64) throws {
        let result: JSON = ["instances": .int(items.count)]
        try db.cachedStatement(sql: "UPDATE tasks SET result = ?, error = NULL WHERE id = ?")
            .execute(arguments: [result.jsonText, step])
        guard !items.isEmpty else { return }
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT job, position, key, name, task, parents, queue, body, pool, priority FROM tasks WHERE id = ?"),
                arguments: [step])
        else { throw StoreError.corrupt("task \(step) vanished") }
        // Columns by position, in the order selected.
        let job: Int64 = row[0]
        let position: Int = row[1]
        let key: String = row[2]
        let name: String = row[3]
        let taskName: String = row[4]
        let parents: String = row[5]
        let queue: String = row[6]
        let pool: String? = row[8]
        let priority: Int = row[9]
        var body = try ColumnCoding.decode(TaskBody.self, row[7] as String)
        body.foreach = nil
        body.when = nil
        let columns = """
            INSERT INTO tasks (uuid, job, position, key, name, task, status, parents, queue, body, max_retries,
                               retry_delay, created, updated, instance_of, pool, priority)
            VALUES
            """
        let rowMarks = "(\(databaseQuestionMarks(count: 17)))"
        for start in stride(from: 0, to: items.count, by: instancesPerInsert) {
            let indices = start..<min(start + instancesPerInsert, items.count)
            var arguments: [(any DatabaseValueConvertible)?] = []
            arguments.reserveCapacity(indices.count * 17)
            for index in indices {
                body.item = items[index]
                arguments += [
                    Identifiers.randomUUID().uuidString.lowercased(), job, position, FanOut.instanceKey(key, index: index),
                    "\(name)[\(index)]",
                    taskName, TaskStatus.pending.rawValue, parents, queue, try ColumnCoding.encode(body), body.retries,
                    body.retryDelay, now, now, step, pool, priority,
                ]
            }
            let sql = columns + Array(repeating: rowMarks, count: indices.count).joined(separator: ", ")
            // A full batch's text is always the same: prepared once. The last, shorter one is not kept.
            let statement =
                indices.count == instancesPerInsert ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
            try statement.execute(arguments: StatementArguments(arguments))
        }
    }

    private static func storeRows(_ db: Database, task: Int64, _ rows: RowsSource) throws {
        try db.cachedStatement(sql: "DELETE FROM task_rows WHERE task = ?").execute(arguments: [task])
        let insert = try db.cachedStatement(sql: "INSERT INTO task_rows (task, seq, cells) VALUES (?, ?, ?)")
        var seq = 0
        func add(_ cells: [String]) throws {
            try insert.execute(arguments: [task, seq, ColumnCoding.cells(cells)])
            seq += 1
        }
        switch rows {
        case .memory(let all):
            for cells in all { try add(cells) }
        case .cursor(let open):
            var cursor = try open()
            while let cells = try cursor.next() { try add(cells) }
        }
    }

    public func leaseRenew(worker: String, tasks: [Int64], until: Int64, now: Int64) async throws -> [Int64] {
        guard !tasks.isEmpty else { return [] }
        let ids = databaseQuestionMarks(count: tasks.count)
        let owned: StatementArguments = [worker, TaskStatus.running.rawValue] + StatementArguments(tasks)
        let renewed: StatementArguments = [until] + owned
        return try await pool.write { db in
            try db.execute(
                sql: "UPDATE tasks SET lease_until = ? WHERE worker = ? AND status = ? AND id IN (\(ids))",
                arguments: renewed)
            return try Int64.fetchAll(
                db,
                sql:
                    "SELECT id FROM tasks WHERE worker = ? AND status = ? AND id IN (\(ids)) AND cancel_requested = 1 ORDER BY id",
                arguments: owned)
        }
    }

    public func leaseRescue(now: Int64) async throws -> Int {
        try await pool.write { db in
            let expired = try Row.fetchAll(
                db, sql: "SELECT id, job FROM tasks WHERE status = ? AND lease_until < ?",
                arguments: [TaskStatus.running.rawValue, now])
            return try Self.requeue(db, expired, now: now)
        }
    }

    public func leaseHolders() async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(
                db, sql: "SELECT DISTINCT worker FROM tasks WHERE status = ? AND worker IS NOT NULL",
                arguments: [TaskStatus.running.rawValue])
        }
    }

    public func leaseRelease(worker: String, now: Int64) async throws -> Int {
        try await pool.write { db in
            let held = try Row.fetchAll(
                db, sql: "SELECT id, job FROM tasks WHERE status = ? AND worker = ?",
                arguments: [TaskStatus.running.rawValue, worker])
            return try Self.requeue(db, held, now: now)
        }
    }

    /// Running tasks (rows of id and job) whose worker is gone run again.
    private static func requeue(_ db: Database, _ expired: [Row], now: Int64) throws -> Int {
        for (job, rows) in Dictionary(grouping: expired, by: { $0["job"] as Int64 }) {
            try transition(db, job: job, now: now) { machine in
                for row in rows { try machine.lost(row["id"]) }
            }
        }
        return expired.count
    }

    public func taskNextRunAfter(queues: [String]?) async throws -> Int64? {
        try await pool.read { db in
            var sql = "SELECT MIN(run_after) FROM tasks WHERE status = \(TaskStatus.ready.rawValue)"
            var arguments: StatementArguments = []
            if let queues {
                sql += " AND queue IN (\(Array(repeating: "?", count: queues.count).joined(separator: ",")))"
                arguments = StatementArguments(queues)
            }
            return try Int64.fetchOne(db, sql: sql, arguments: arguments)
        }
    }

    public func taskReadyCounts() async throws -> [String: Int] {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT queue, count(*) FROM tasks WHERE status = \(TaskStatus.ready.rawValue) GROUP BY queue")
            return Dictionary(uniqueKeysWithValues: rows.map { ($0[0] as String, $0[1] as Int) })
        }
    }
}
