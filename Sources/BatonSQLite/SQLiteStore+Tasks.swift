import BatonCore
import BatonStore
import Foundation
import GRDB

extension SQLiteStore {
    public func taskList(job: Int64) async throws -> [TaskRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT \(TaskRecord.columns) FROM tasks WHERE job = ? ORDER BY id"), arguments: [job]
            )
            .map { try TaskRecord(stored: SQLiteRow($0)) }
        }
    }

    public func taskLogs(task: Int64) async throws -> [TaskLog] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT attempt, text FROM task_logs WHERE task = ? ORDER BY attempt", arguments: [task])
                .map { TaskLog(attempt: $0["attempt"], text: $0["text"]) }
        }
    }

    public func taskRows(task: Int64, offset: Int, limit: Int) async throws -> [[String]] {
        try await pool.read { db in
            try String.fetchAll(
                db, sql: "SELECT cells FROM task_rows WHERE task = ? AND seq >= ? ORDER BY seq LIMIT ?",
                arguments: [task, offset, limit]
            ).map(ColumnCoding.cells)
        }
    }
}
