import BatonCore
import BatonStore
import Foundation
import PostgresNIO

extension PostgresStore {
    /// One transaction of a fixed number of statements however many outcomes it records: lock
    /// the outcomes' jobs (one statement), read their tasks (one), run each job's machine in
    /// memory, write every changed task and job row with the results and logs (one), then claim
    /// (one). Result rows of `sql` tasks and failure hooks add statements only when present, and
    /// so do the workflow language's steps (SPEC §13): a fan-out's instances, a sub-workflow's
    /// child job, and what ending or cancelling a child sets off (`followUp`).
    public func workStep(_ step: WorkStep) async throws -> WorkStepResult {
        try await transaction { connection in
            let byJob = Dictionary(grouping: step.outcomes, by: \.job)
            let locked = try await Self.lockJobs(connection, byJob.keys.sorted())
            let stored = try await Self.tasks(connection, jobs: locked.keys.sorted())
            var writes: [(job: Int64, writes: TransitionWrites)] = []
            var results: [Int64: RecordedResult] = [:]
            var logs: [(task: Int64, attempt: Int, text: String)] = []
            var rows: [(task: Int64, rows: RowsSource)] = []
            var moved = MovedJobs()
            var transitions: [(job: Int64, locked: LockedJob, changes: JobChanges)] = []
            var children: [NewJob] = []
            for (number, job) in locked.sorted(by: { $0.key < $1.key }) {
                var tasks = stored[number] ?? []
                // Only the worker holding the attempt may end it: after its lease expired, another
                // worker may be running the task again. The job's row is locked, so this holds.
                let stored = Dictionary(uniqueKeysWithValues: tasks.map { ($0.snapshot.id, $0) })
                let current = byJob[number]!.filter { outcome in
                    guard let task = stored[outcome.task] else { return false }
                    return outcome.counts(status: task.snapshot.status, worker: task.worker, attempt: task.attempt)
                }
                guard !current.isEmpty else { continue }
                // The machine expands a fan-out step over instances it finds in its snapshot.
                for outcome in current {
                    guard case .fannedOut(let items) = outcome.result, let fanOut = stored[outcome.task] else { continue }
                    tasks += try await Self.insertInstances(connection, of: fanOut.snapshot, items, now: step.now)
                }
                var machine = Self.machine(number, job, tasks)
                try machine.finished(current, now: step.now)
                let changes = machine.changes
                writes.append((number, TransitionWrites(changes, now: step.now)))
                transitions.append((number, job, changes))
                moved.add(number, job, changes, now: step.now)
                for outcome in current {
                    switch outcome.result {
                    case .succeeded(let result, let resultRows):
                        results[outcome.task] = .result(result.jsonText)
                        if let resultRows { rows.append((outcome.task, resultRows)) }
                    case .failed(let error, _):
                        results[outcome.task] = .error(try ColumnCoding.encode(error))
                    case .skipped:
                        results[outcome.task] = .result(nil)
                    case .fannedOut(let items):
                        results[outcome.task] = .result(JSON.object(["instances": .int(items.count)]).jsonText)
                    case .startedChild(let child):
                        children.append(child)
                    }
                    if !outcome.log.isEmpty { logs.append((outcome.task, outcome.attempt, outcome.log)) }
                }
            }
            try await Self.apply(connection, writes, results: results, logs: logs, now: step.now)
            for (task, source) in rows { try await Self.storeRows(connection, task: task, source) }
            // After the writes and before following them up: a step cancelled while it started
            // its child finds the child to cancel.
            for child in children { _ = try await Self.insertJob(connection, child, now: step.now) }
            moved.add(try await Self.followUp(connection, transitions, now: step.now))
            var claimed: [ClaimedTask] = []
            if let claim = step.claim, claim.limit > 0 {
                claimed = try await Self.claim(connection, claim, now: step.now)
                moved.changed += Set(claimed.map(\.job))
            }
            return WorkStepResult(claimed: claimed, changedJobs: moved.changed, endedJobs: moved.ended)
        }
    }

    /// Inserts the instances of a fan-out step, one per item, copied from the step's row (SPEC
    /// §13): two statements however many items, the step's key, name and body, then every
    /// instance. Returns them as the machine sees them: pending, in item order.
    private static func insertInstances(
        _ connection: PostgresConnection, of fanOut: TaskSnapshot, _ items: [FanOutItem], now: Int64
    ) async throws -> [StoredTask] {
        guard !items.isEmpty else { return [] }
        guard let row = try await connection.row("SELECT key, name, body FROM tasks WHERE id = \(fanOut.id)") else {
            throw StoreError.corrupt("task \(fanOut.id) vanished")
        }
        let key: String = try row("key")
        let name: String = try row("name")
        var body = try ColumnCoding.decode(TaskBody.self, try row("body", String.self))
        body.foreach = nil
        body.when = nil
        var bodies: [String] = []
        for item in items {
            body.item = item
            bodies.append(try ColumnCoding.encode(body))
        }
        let keys = items.indices.map { FanOut.instanceKey(key, index: $0) }
        let ids = try await connection.rows(
            """
            INSERT INTO tasks (uuid, job, position, key, name, task, status, parents, queue, body, max_retries,
                               retry_delay, created, updated, ready_at, instance_of, fanout_limit, pool, priority)
            SELECT i.uuid, s.job, s.position, i.key, i.name, s.task, \(TaskStatus.pending.rawValue), s.parents, s.queue,
                   i.body, s.max_retries, s.retry_delay, \(now), \(now), 0, s.id, 0, s.pool, s.priority
            FROM tasks s,
                 unnest(\(items.map { _ in Identifiers.randomUUID().uuidString.lowercased() }), \(keys),
                        \(items.indices.map { "\(name)[\($0)]" }), \(bodies)) WITH ORDINALITY AS i(uuid, key, name, body, n)
            WHERE s.id = \(fanOut.id)
            ORDER BY i.n
            RETURNING id
            """
        ).map { try $0("id", Int64.self) }.sorted()
        guard ids.count == items.count else { throw StoreError.corrupt("task \(fanOut.id) vanished") }
        // Ids are drawn in the order rows are inserted: ascending ids are the items' order.
        return ids.map { id in
            StoredTask(
                snapshot: TaskSnapshot(
                    id: id, status: .pending, parents: fanOut.parents, maxRetries: fanOut.maxRetries,
                    retryDelay: fanOut.retryDelay, instanceOf: fanOut.id),
                worker: nil, attempt: 0, leaseUntil: nil)
        }
    }

    /// Rows go in batches of 1,000 per statement: a CSV of a million rows is a thousand round trips.
    private static func storeRows(_ connection: PostgresConnection, task: Int64, _ rows: RowsSource) async throws {
        try await connection.run("DELETE FROM task_rows WHERE task = \(task)")
        var batch: [String] = []
        var seq: Int64 = 0
        func flush() async throws {
            guard !batch.isEmpty else { return }
            try await connection.run(
                """
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
}
