import BatonStore
import Foundation
import GRDB

/// How processes sharing the database divide maintenance duties and hear of new work.
extension SQLiteStore {
    public func leaderAcquire(role: String, holder: String, until: Int64, now: Int64) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO leaders (role, holder, until) VALUES (?, ?, ?)
                    ON CONFLICT (role) DO UPDATE SET holder = excluded.holder, until = excluded.until
                    WHERE leaders.holder = excluded.holder OR leaders.until < ?
                    """, arguments: [role, holder, until, now])
            return db.changesCount > 0
        }
    }

    /// SQLite cannot tell other processes' connections that work arrived: idle engines poll.
    public func readySignals(queues: [String]?) -> AsyncThrowingStream<Void, any Error>? { nil }
}
