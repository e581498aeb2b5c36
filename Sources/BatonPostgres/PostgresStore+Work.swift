import BatonCore
import BatonStore
import Foundation
import PostgresNIO

extension PostgresStore {
    /// One transaction of a fixed number of statements however many outcomes it records: lock
    /// the outcomes' jobs (one statement), read their tasks (one), run each job's machine in
    /// memory, write every changed task and job row with the results and logs (one), then claim
    /// (one). Result rows of `sql` tasks and failure hooks add statements only when present.
    public func workStep(_ step: WorkStep) async throws -> WorkStepResult {
        try await transaction { connection in
            let byJob = Dictionary(grouping: step.outcomes, by: \.job)
            let locked = try await Self.lockJobs(connection, byJob.keys.sorted())
            let stored = try await Self.tasks(connection, jobs: locked.keys.sorted())
            var writes: [(job: Int64, writes: TransitionWrites)] = []
            var results: [Int64: RecordedResult] = [:]
            var logs: [(task: Int64, attempt: Int, text: String)] = []
            var rows: [(task: Int64, rows: RowsSource)] = []
            var changedJobs: [Int64] = []
            var endedJobs: [EndedJob] = []
            for (number, job) in locked.sorted(by: { $0.key < $1.key }) {
                let tasks = stored[number] ?? []
                // Only the worker holding the attempt may end it: after its lease expired, another
                // worker may be running the task again. The job's row is locked, so this holds.
                let stored = Dictionary(uniqueKeysWithValues: tasks.map { ($0.snapshot.id, $0) })
                let current = byJob[number]!.filter { outcome in
                    guard let task = stored[outcome.task] else { return false }
                    return outcome.counts(status: task.snapshot.status, worker: task.worker, attempt: task.attempt)
                }
                guard !current.isEmpty else { continue }
                var machine = Self.machine(number, job, tasks)
                try machine.finished(current, now: step.now)
                let changes = machine.changes
                writes.append((number, TransitionWrites(changes, now: step.now)))
                for outcome in current {
                    switch outcome.result {
                    case .succeeded(let result, let resultRows):
                        results[outcome.task] = .result(result.jsonText)
                        if let resultRows { rows.append((outcome.task, resultRows)) }
                    case .failed(let error, _):
                        results[outcome.task] = .error(try ColumnCoding.encode(error))
                    case .skipped, .fannedOut, .startedChild:
                        throw StoreError.corrupt("TODO(store helper): SPEC §13 outcomes")
                    }
                    if !outcome.log.isEmpty { logs.append((outcome.task, outcome.attempt, outcome.log)) }
                }
                if let status = changes.jobStatus {
                    changedJobs.append(number)
                    if status.isTerminal {
                        endedJobs.append(
                            EndedJob(
                                number: number, workflow: job.workflow, status: status, uuid: job.uuid,
                                created: job.created, ended: step.now))
                    }
                }
            }
            try await Self.apply(connection, writes, results: results, logs: logs, now: step.now)
            for (task, source) in rows { try await Self.storeRows(connection, task: task, source) }
            var claimed: [ClaimedTask] = []
            if let claim = step.claim, claim.limit > 0 {
                claimed = try await Self.claim(connection, claim, now: step.now)
                changedJobs += Set(claimed.map(\.job))
            }
            return WorkStepResult(claimed: claimed, changedJobs: changedJobs, endedJobs: endedJobs)
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
