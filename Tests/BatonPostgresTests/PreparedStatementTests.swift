import Foundation
import Testing

@testable import BatonPostgres

/// The work step's statements are prepared once per connection (`PreparedSQL`).
@Suite(.enabled(if: TestPostgres.available, "set BATON_TEST_POSTGRES to a PostgreSQL address"))
struct PreparedStatementTests {
    /// PostgresNIO remembers a failed preparation for the connection's life: the connection is
    /// closed on it, so once the cause is gone (here a table created later) the same statement
    /// runs, rather than failing on that connection forever.
    @Test func aFailedPreparationDoesNotStickToTheConnection() async throws {
        let schema = "t_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        let store = PostgresStore(address: try PostgresAddress(TestPostgres.url! + "?schema=\(schema)"))
        try await store.migrate()
        await #expect(throws: (any Error).self) {
            try await store.withConnection { connection in try await connection.rows(LateTableSQL.self) }
        }
        try await store.withConnection { connection in _ = try await connection.rows(CreateLateTableSQL.self) }
        for _ in 0..<3 {
            let rows = try await store.withConnection { connection in
                try await connection.rows(LateTableSQL.self).count
            }
            #expect(rows == 0)
        }
        try await store.dropSchema()
    }
}

private enum LateTableSQL: PreparedSQL {
    static let sql = "SELECT n FROM late"
}

private enum CreateLateTableSQL: PreparedSQL {
    static let sql = "CREATE TABLE late (n BIGINT)"
}
