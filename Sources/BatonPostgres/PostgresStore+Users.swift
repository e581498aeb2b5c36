import BatonStore
import Foundation
import PostgresNIO

extension PostgresStore {
    public func userInsert(name: String, passwordHash: String, now: Int64) async throws -> UserRecord {
        let row = try await withConnection { connection in
            try await connection.row(
                """
                INSERT INTO users (name, password_hash, created, updated) VALUES (\(name), \(passwordHash), \(now), \(now))
                ON CONFLICT (name) DO NOTHING RETURNING id, name, password_hash, created, updated
                """
            ).map { try UserRecord(stored: $0) }
        }
        guard let row else { throw StoreError.conflict("user '\(name)' already exists") }
        return row
    }

    public func userGet(name: String) async throws -> UserRecord? {
        try await withConnection { connection in
            try await connection.row("SELECT id, name, password_hash, created, updated FROM users WHERE name = \(name)")
                .map { try UserRecord(stored: $0) }
        }
    }

    public func userList() async throws -> [UserRecord] {
        try await withConnection { connection in
            try await connection.rows("SELECT id, name, password_hash, created, updated FROM users ORDER BY name")
                .map { try UserRecord(stored: $0) }
        }
    }

    public func userUpdate(name: String, passwordHash: String, now: Int64) async throws -> Bool {
        try await withConnection { connection in
            try await connection.row(
                """
                UPDATE users SET password_hash = \(passwordHash), updated = \(now) WHERE name = \(name) RETURNING id
                """) != nil
        }
    }

    public func userDelete(name: String) async throws -> Bool {
        try await withConnection { connection in
            try await connection.row("DELETE FROM users WHERE name = \(name) RETURNING id") != nil
        }
    }

    public func secretGetOrCreate(name: String, candidate: Data) async throws -> Data {
        let text = try await transaction { connection in
            try await connection.run(
                """
                INSERT INTO secrets (name, value) VALUES (\(name), \(candidate.base64EncodedString())) ON CONFLICT (name) DO NOTHING
                """)
            return try await connection.row("SELECT value FROM secrets WHERE name = \(name)")?("value", String.self)
        }
        guard let text, let value = Data(base64Encoded: text) else { throw StoreError.corrupt("secret \(name)") }
        return value
    }

    public func sessionInsert(_ session: SessionRecord) async throws {
        try await withConnection { connection in
            try await connection.run(
                """
                INSERT INTO sessions (id, "user", address, port, created, expires)
                VALUES (\(session.id), \(session.user), \(session.address), \(session.port), \(session.created), \(session.expires))
                """)
        }
    }

    public func sessionGet(id: String) async throws -> (SessionRecord, UserRecord)? {
        let found = try await withConnection { connection -> (SessionRecord, UserRecord)? in
            guard
                let row = try await connection.row(
                    """
                    SELECT s.id AS sid, s.address, s.port, s.created AS screated, s.expires,
                           u.id, u.name, u.password_hash, u.created, u.updated
                    FROM sessions s JOIN users u ON u.id = s."user" WHERE s.id = \(id)
                    """)
            else { return nil }
            let user = try UserRecord(stored: row)
            return (
                SessionRecord(
                    id: try row("sid"), user: user.id, address: try row("address"), port: try row("port"),
                    created: try row("screated"), expires: try row("expires")), user
            )
        }
        return found
    }
}
