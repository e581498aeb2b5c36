import Foundation
import GRDB

/// Builds a SQLite file from SQL text (e.g. `baton init`'s example players database, which is
/// shipped as SQL because `*.sqlite` files are not kept in the repository).
public enum SQLiteScript {
    /// Runs `sql` (any number of statements) in one transaction on a new database at `path`.
    /// Does nothing and returns false when a file is already there.
    @discardableResult
    public static func create(at path: String, sql: String) throws -> Bool {
        guard !FileManager.default.fileExists(atPath: path) else { return false }
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: sql) }
        try queue.close()
        return true
    }
}
