import BatonCore
import BatonStore
import Foundation
import PostgresNIO

extension PostgresStore {
    public func taskList(job: Int64) async throws -> [TaskRecord] {
        try await withConnection { connection in
            try await connection.rows("SELECT \(unescaped: TaskRecord.columns) FROM tasks WHERE job = \(job) ORDER BY id")
                .map { try TaskRecord(stored: $0) }
        }
    }

    public func taskLogs(task: Int64) async throws -> [TaskLog] {
        try await withConnection { connection in
            try await connection.rows("SELECT attempt, text FROM task_logs WHERE task = \(task) ORDER BY attempt")
                .map { TaskLog(attempt: try $0("attempt"), text: try $0("text")) }
        }
    }

    public func taskRows(task: Int64, offset: Int, limit: Int) async throws -> [[String]] {
        try await withConnection { connection in
            try await connection.rows(
                """
                SELECT cells FROM task_rows WHERE task = \(task) AND seq >= \(offset) ORDER BY seq LIMIT \(limit)
                """
            ).map { try ColumnCoding.cells($0("cells")) }
        }
    }
}
