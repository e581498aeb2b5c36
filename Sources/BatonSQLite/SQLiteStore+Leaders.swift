import BatonStore
import Foundation
import GRDB

extension SQLiteStore {
    public func leaderAcquire(role: String, holder: String, until: Int64, now: Int64) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO leaders (role, holder, until) VALUES (?, ?, ?)
                ON CONFLICT (role) DO UPDATE SET holder = excluded.holder, until = excluded.until
                WHERE leaders.holder = excluded.holder OR leaders.until < ?
                """, arguments: [role, holder, until, now])
            return db.changesCount > 0
        }
    }

    public func secretGetOrCreate(name: String, candidate: Data) async throws -> Data {
        try await pool.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO secrets (name, value) VALUES (?, ?)",
                           arguments: [name, candidate.base64EncodedString()])
            let text = try String.fetchOne(db, sql: "SELECT value FROM secrets WHERE name = ?", arguments: [name]) ?? ""
            guard let value = Data(base64Encoded: text) else { throw StoreError.corrupt("secret \(name)") }
            return value
        }
    }

    /// SQLite cannot tell other processes' connections that work arrived: idle engines poll.
    public func readySignals(queues: [String]?) -> AsyncThrowingStream<Void, any Error>? { nil }
}
