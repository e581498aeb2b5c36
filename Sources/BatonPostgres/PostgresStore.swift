import BatonCore
import BatonStore
import Foundation
import Logging
import PostgresNIO

/// The shared backend: any number of `baton` processes, on any number of machines, on one
/// PostgreSQL database. Claims lock rows with `FOR UPDATE SKIP LOCKED`; a transition locks its
/// job's row first, so two processes never move one job at once; idle workers LISTEN for ready
/// work instead of polling.
public final class PostgresStore: Store {
    public let address: PostgresAddress
    let client: PostgresClient
    let logger: Logger
    private let running: Task<Void, Never>

    /// Connects lazily: the first query opens the first connection.
    public init(address: PostgresAddress, logger: Logger = PostgresStore.defaultLogger) {
        self.address = address
        self.logger = logger
        var configuration = address.clientConfiguration
        // Every connection resolves table names in Baton's schema.
        configuration.options.additionalStartupParameters = [("search_path", address.schema)]
        configuration.options.maximumConnections = 16
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        running = Task { await client.run() }
    }

    /// The pool reports each failed connection attempt at info level: keep warnings and worse.
    public static var defaultLogger: Logger {
        var logger = Logger(label: "baton.postgres")
        logger.logLevel = .warning
        return logger
    }

    deinit {
        running.cancel()
    }

    public func migrate() async throws {
        // The pool retries a refused connection for a minute; a first contact says at once why not.
        do {
            let connection = try await PostgresConnection.connect(
                configuration: address.connectionConfiguration(), id: 0, logger: logger)
            try await connection.close()
        } catch {
            throw explained(error)
        }
        let schema = address.schema
        try await transaction { connection in
            // Serialises processes starting together; released at commit.
            try await connection.run("SELECT pg_advisory_xact_lock(\(Self.migrationLock))")
            try await connection.run(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \"\(schema)\""))
            try await connection.run(
                PostgresQuery(
                    unsafeSQL: """
                        CREATE TABLE IF NOT EXISTS "\(schema)".schema_version (version BIGINT NOT NULL)
                        """))
            let version = try await connection.row(
                PostgresQuery(unsafeSQL: "SELECT version FROM \"\(schema)\".schema_version")
            ).map { try $0("version", Int.self) }
            let current = version ?? 0
            guard current < PostgresSchema.migrations.count else { return }
            for migration in PostgresSchema.migrations[current...] {
                for statement in PostgresSchema.statements(migration, schema: schema) {
                    try await connection.run(PostgresQuery(unsafeSQL: statement))
                }
            }
            let count = PostgresSchema.migrations.count
            try await connection.run(PostgresQuery(unsafeSQL: "DELETE FROM \"\(schema)\".schema_version"))
            try await connection.run(PostgresQuery(unsafeSQL: "INSERT INTO \"\(schema)\".schema_version VALUES (\(count))"))
        }
    }

    /// Drops Baton's schema and everything in it (tests clean up their throwaway schemas).
    public func dropSchema() async throws {
        try await withConnection { connection in
            try await connection.run(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \"\(self.address.schema)\" CASCADE"))
        }
    }

    /// Refreshes the planner's statistics of Baton's tables (`ANALYZE`). Autovacuum does this in
    /// service, but only a minute or more after a burst of writes: until then a schema just
    /// filled is planned as if nearly empty (the claim then reads every ready task instead of
    /// the first few by id). The benchmark calls it after queueing its jobs.
    public func analyze() async throws {
        try await withConnection { connection in
            for table in ["jobs", "tasks"] {
                try await connection.run(PostgresQuery(unsafeSQL: "ANALYZE \"\(self.address.schema)\".\(table)"))
            }
        }
    }

    /// Any 64-bit number, the same in every Baton: the key of the migration advisory lock.
    static let migrationLock: Int64 = 0x6261_746F_6E5F_6D69

    /// Runs `body` in a transaction. A deadlock or serialization failure, which PostgreSQL
    /// resolves by aborting one party, is retried: the work is all-or-nothing, so retrying is safe.
    func transaction<Result: Sendable>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        var attempt = 0
        while true {
            do {
                return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
            } catch let error as PostgresTransactionError {
                let cause = error.closureError ?? error.beginError ?? error.commitError ?? error
                if attempt < 5 && Self.isRetryable(cause) {
                    attempt += 1
                    continue
                }
                throw explained(cause)
            } catch {
                throw explained(error)
            }
        }
    }

    /// Runs `body` on a pooled connection outside of a transaction: each statement commits on
    /// its own (reads, and writes that need no transaction, such as a user's insert).
    func withConnection<Result: Sendable>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            throw explained(error)
        }
    }

    private static func isRetryable(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] else { return false }
        // serialization_failure, deadlock_detected
        return state == "40001" || state == "40P01"
    }

    /// PSQLError hides its details from `description` (they may hold bound values); say what
    /// happened without the values.
    private func explained(_ error: any Error) -> any Error {
        guard let error = error as? PSQLError else { return error }
        if let info = error.serverInfo {
            return StoreError.database(
                "PostgreSQL at \(address): \(info[.message] ?? "error") (SQLSTATE \(info[.sqlState] ?? "?"))")
        }
        return StoreError.database(
            "PostgreSQL at \(address) is unreachable: \(error.code)\(error.underlying.map { " (\($0))" } ?? "")")
    }
}
