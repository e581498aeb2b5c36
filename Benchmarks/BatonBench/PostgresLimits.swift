import BatonPostgres
import Foundation
import Logging
import PostgresNIO

/// What PostgreSQL allows on this machine, measured beside Baton in the same run: the bound of
/// the scale-out figures, since every work step ends in a durable commit.
enum PostgresLimits {
    /// One-row INSERT transactions with `synchronous_commit` on (each commit waits for its WAL
    /// flush), from `connections` connections at once, for `seconds`, on a scratch table in the
    /// `public` schema that is dropped afterwards. PostgreSQL flushes the WAL of commits that
    /// arrive together once, so more connections get more commits per flush.
    static func durableCommitsPerSecond(url: String, connections: Int, seconds: Double) throws -> Double {
        let address = try PostgresAddress(url)
        let configuration = PostgresConnection.Configuration(
            host: address.host, port: address.port, username: address.user, password: address.password,
            database: address.database, tls: .disable)
        let table = "baton_bench_commits_\(getpid())"
        let logger = Logger(label: "baton-bench.postgres-limits")
        return try blocking {
            let setup = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            try await setup.query("CREATE TABLE \(unescaped: table) (id BIGSERIAL PRIMARY KEY, v TEXT NOT NULL)", logger: logger)
            let started = nowNanos()
            let until = started + UInt64(seconds * 1e9)
            let count: Int
            do {
                count = try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<connections {
                        group.addTask {
                            let connection = try await PostgresConnection.connect(
                                configuration: configuration, id: index + 1, logger: logger)
                            defer { Task { try? await connection.close() } }
                            try await connection.query("SET synchronous_commit = on", logger: logger)
                            var committed = 0
                            while nowNanos() < until {
                                try await connection.query("INSERT INTO \(unescaped: table) (v) VALUES ('x')", logger: logger)
                                committed += 1
                            }
                            return committed
                        }
                    }
                    return try await group.reduce(0, +)
                }
            } catch {
                _ = try? await setup.query("DROP TABLE \(unescaped: table)", logger: logger)
                try? await setup.close()
                throw error
            }
            let elapsed = Double(nowNanos() - started) / 1e9
            _ = try await setup.query("DROP TABLE \(unescaped: table)", logger: logger)
            try await setup.close()
            return Double(count) / elapsed
        }
    }
}
