import BatonStore
import Foundation
import GRDB

extension SQLiteStore {
    public func userInsert(name: String, passwordHash: String, now: Int64) async throws -> UserRecord {
        try await pool.write { db in
            if try Self.user(db, name: name) != nil { throw StoreError.conflict("user '\(name)' already exists") }
            try db.execute(
                sql: "INSERT INTO users (name, password_hash, created, updated) VALUES (?, ?, ?, ?)",
                arguments: [name, passwordHash, now, now])
            return UserRecord(id: db.lastInsertedRowID, name: name, passwordHash: passwordHash, created: now, updated: now)
        }
    }

    public func userGet(name: String) async throws -> UserRecord? {
        try await pool.read { db in try Self.user(db, name: name) }
    }

    public func userList() async throws -> [UserRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, password_hash, created, updated FROM users ORDER BY name").map {
                try UserRecord(stored: SQLiteRow($0))
            }
        }
    }

    public func userUpdate(name: String, passwordHash: String, now: Int64) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE users SET password_hash = ?, updated = ? WHERE name = ?", arguments: [passwordHash, now, name])
            return db.changesCount > 0
        }
    }

    public func userDelete(name: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM users WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }

    public func secretGetOrCreate(name: String, candidate: Data) async throws -> Data {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO secrets (name, value) VALUES (?, ?)",
                arguments: [name, candidate.base64EncodedString()])
            let text = try String.fetchOne(db, sql: "SELECT value FROM secrets WHERE name = ?", arguments: [name]) ?? ""
            guard let value = Data(base64Encoded: text) else { throw StoreError.corrupt("secret \(name)") }
            return value
        }
    }

    public func sessionInsert(_ session: SessionRecord) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO sessions (id, user, address, port, created, expires) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [session.id, session.user, session.address, session.port, session.created, session.expires])
        }
    }

    public func sessionGet(id: String) async throws -> (SessionRecord, UserRecord)? {
        try await pool.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT s.id AS sid, s.address, s.port, s.created AS screated, s.expires,
                               u.id, u.name, u.password_hash, u.created, u.updated
                        FROM sessions s JOIN users u ON u.id = s.user WHERE s.id = ?
                        """, arguments: [id])
            else { return nil }
            let user = try UserRecord(stored: SQLiteRow(row))
            return (
                SessionRecord(
                    id: row["sid"], user: user.id, address: row["address"], port: row["port"],
                    created: row["screated"], expires: row["expires"]), user
            )
        }
    }

    private static func user(_ db: Database, name: String) throws -> UserRecord? {
        try Row.fetchOne(db, sql: "SELECT id, name, password_hash, created, updated FROM users WHERE name = ?", arguments: [name])
            .map { try UserRecord(stored: SQLiteRow($0)) }
    }
}
