import BatonCore
import BatonStore
import Foundation
import Logging
import PostgresNIO

extension PostgresConnection {
    private static let queryLogger = Logger(label: "baton.postgres.query")

    /// Runs a statement, reading (and dropping) whatever it returns.
    func run(_ query: PostgresQuery) async throws {
        for try await _ in try await self.query(query, logger: Self.queryLogger) {}
    }

    func rows(_ query: PostgresQuery) async throws -> [Fields] {
        var rows: [Fields] = []
        for try await row in try await self.query(query, logger: Self.queryLogger) { rows.append(Fields(row)) }
        return rows
    }

    func row(_ query: PostgresQuery) async throws -> Fields? {
        try await rows(query).first
    }

    /// Runs the prepared statement `Text` (preparing it on this connection the first time) with
    /// `binds`, returning its rows.
    func rows<Text: PreparedSQL>(_ text: Text.Type, _ binds: PostgresBindings) async throws -> [Fields] {
        var rows: [Fields] = []
        for try await row in try await execute(Prepared<Text>(binds: binds), logger: Self.queryLogger) {
            rows.append(Fields(row))
        }
        return rows
    }
}

/// A result row read by column name, as `row("number", Int64.self)`.
struct Fields {
    let row: PostgresRandomAccessRow

    init(_ row: PostgresRow) { self.row = row.makeRandomAccess() }

    func callAsFunction<T: PostgresDecodable>(_ column: String, _ type: T.Type = T.self) throws -> T {
        try row[column].decode(T.self)
    }
}

extension Fields: StoredRow {
    func int64(_ column: String) throws -> Int64 { try self(column) }
    func int64OrNil(_ column: String) throws -> Int64? { try self(column) }
    func int(_ column: String) throws -> Int { try self(column) }
    func intOrNil(_ column: String) throws -> Int? { try self(column) }
    func bool(_ column: String) throws -> Bool { try self(column) }
    func string(_ column: String) throws -> String { try self(column) }
    func stringOrNil(_ column: String) throws -> String? { try self(column) }
}
