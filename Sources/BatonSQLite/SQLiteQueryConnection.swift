import BatonCore
import BatonStore
import Foundation
import GRDB

/// A `connections:` entry that names a SQLite file: opened read-only (and `query_only`), so a
/// `sql` task can read it and never change it.
public struct SQLiteQueryConnection: QueryConnection {
    /// The database file, already resolved inside the home.
    public let path: String
    /// The connection's name, for messages.
    public let name: String

    public init(name: String, path: String) {
        self.name = name
        self.path = path
    }

    public func run(_ query: ParameterizedQuery, values: [JSON], timeout: Double?, rows: any RowSink) async throws -> [String] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw QueryError("connection '\(name)': there is no SQLite file at \(path)")
        }
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        configuration.label = "baton.sql.\(name)"
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA query_only = ON") }
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw QueryError("connection '\(name)': \(Self.message(error))")
        }
        let arguments = StatementArguments(values.map(Self.databaseValue))
        let sql = query.text { _ in "?" }
        let timer = timeout.map { seconds in
            Task {
                try await Task.sleep(for: .seconds(seconds))
                queue.interrupt()
            }
        }
        defer { timer?.cancel() }
        do {
            return try await withTaskCancellationHandler {
                try await queue.read { db in
                    let statement = try db.makeStatement(sql: sql)
                    guard statement.isReadonly else {
                        throw QueryError("connection '\(name)' is read-only: the statement would write")
                    }
                    statement.arguments = arguments
                    let columns = statement.columnNames
                    let cursor = try Row.fetchCursor(statement)
                    var cells = [String](repeating: "", count: columns.count)
                    while let row = try cursor.next() {
                        for index in cells.indices { cells[index] = Self.text(row[index] as DatabaseValue) }
                        try rows.append(cells)
                    }
                    return columns
                }
            } onCancel: {
                queue.interrupt()
            }
        } catch let error as QueryError {
            throw error
        } catch {
            if let error = error as? DatabaseError, error.resultCode == .SQLITE_INTERRUPT {
                throw QueryError(Task.isCancelled ? "canceled" : "timed out after \(timeout.map { "\($0)" } ?? "?") s")
            }
            throw QueryError("connection '\(name)': \(Self.message(error))")
        }
    }

    private static func message(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }

    private static func databaseValue(_ value: JSON) -> (any DatabaseValueConvertible)? {
        switch value {
        case .null: return nil
        case .bool(let flag): return flag
        case .int(let number): return number
        case .double(let number): return number
        case .string(let text): return text
        case .array, .object: return value.jsonText
        }
    }

    /// A cell as text: NULL is empty, numbers as SQLite prints them, a blob as its UTF-8 text.
    static func text(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return ""
        case .int64(let number): return String(number)
        case .double(let number):
            return number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) + ".0" : String(number)
        case .string(let text): return text
        case .blob(let data): return String(decoding: data, as: UTF8.self)
        }
    }
}
