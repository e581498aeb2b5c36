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
    ///
    /// PostgresNIO remembers a failed preparation for the connection's whole life and answers
    /// every later execution of that statement with the same error, so a passing cause (a lock
    /// wait cut short behind a migration, a deadlock) would leave the pooled connection failing
    /// every work step sent to it. On an error from the server the connection is closed and the
    /// pool opens a fresh one; the caller's transaction is rolled back or retried as usual.
    func rows<Text: PreparedSQL>(_ text: Text.Type, _ binds: PostgresBindings = PostgresBindings()) async throws -> [Fields] {
        do {
            var rows: [Fields] = []
            for try await row in try await execute(Prepared<Text>(binds: binds), logger: Self.queryLogger) {
                rows.append(Fields(row))
            }
            return rows
        } catch let error as PSQLError where error.code == .server {
            try? await close()
            throw error
        }
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
