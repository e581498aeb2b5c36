import BatonCore
import BatonStore
import Foundation
import GRDB

/// The embedded backend: one SQLite file in WAL mode, durable commits (synchronous=FULL).
/// SQLite has one writer at a time, which makes claim-and-mark atomic across processes.
public final class SQLiteStore: Store {
    let pool: DatabasePool

    /// Opens (creating if needed) the database at `path`.
    public init(path: String) throws {
        var configuration = Configuration()
        // Other baton processes may hold the write lock for a moment.
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        pool = try Self.open(path: path, configuration: configuration)
        // DatabasePool sets synchronous=NORMAL on its writer; a commit must survive power loss.
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
    }

    /// Switching a new file to WAL needs a moment alone with it, and SQLite's busy timeout
    /// does not cover that step: when another process is opening the same file, try again.
    private static func open(path: String, configuration: Configuration) throws -> DatabasePool {
        let deadline = Date().addingTimeInterval(10)
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
    }

    public func migrate() async throws {
        try await pool.write { db in try SQLiteSchema.migrate(db) }
    }

    /// The value of `PRAGMA synchronous` on the writer (2 is FULL), for tests.
    public func synchronousLevel() throws -> Int {
        try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }
}
