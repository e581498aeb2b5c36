import BatonCore
import BatonStore
import Foundation
import GRDB

extension SQLiteStore {
    public func jobRerun(number: Int64, from key: String, now: Int64) async throws -> JobRecord? {
        try await pool.write { db in
            guard try Self.job(db, number: number) != nil else { return nil }
            var keys: [Int64: String] = [:]
            var step: Int64?
            for row in try Row.fetchAll(
                db.cachedStatement(sql: "SELECT id, key, hook FROM tasks WHERE job = ? ORDER BY id"),
                arguments: [number])
            {
                let id: Int64 = row[0]
                keys[id] = row[1]
                // A step's key before a hook's of the same name: the step is what a user means.
                if row[1] == key && (step == nil || (row[2] as Int?) == nil) { step = id }
            }
            guard let step else { throw RerunError.unknownStep(job: number, step: key) }
            let changes: JobChanges
            do {
                changes = try Self.transition(db, job: number, now: now) { try $0.rerun(from: step) }
            } catch let refusal as JobMachine.RerunRefusal {
                throw RerunError(refusal, job: number, step: key, keys: keys)
            }
            try Self.apply(db, RerunWrites(changes), job: number, now: now)
            return try Self.job(db, number: number)
        }
    }

    /// Clears what the earlier run of the reset tasks and the job's end left (`RerunWrites`).
    static func apply(_ db: Database, _ writes: RerunWrites, job number: Int64, now: Int64) throws {
        if !writes.clearedTasks.isEmpty {
            let ids = StatementArguments(writes.clearedTasks)
            let marks = databaseQuestionMarks(count: writes.clearedTasks.count)
            try db.execute(
                sql: """
                    UPDATE tasks SET result = NULL, error = NULL, started = NULL, ended = NULL, worker = NULL,
                        lease_until = NULL, updated = ?
                    WHERE id IN (\(marks))
                    """, arguments: [now] + ids)
            try db.execute(sql: "DELETE FROM task_rows WHERE task IN (\(marks))", arguments: ids)
        }
        if writes.clearsJobEnd {
            try db.cachedStatement(sql: "UPDATE jobs SET ended = NULL, updated = ? WHERE number = ?")
                .execute(arguments: [now, number])
        }
    }
}
