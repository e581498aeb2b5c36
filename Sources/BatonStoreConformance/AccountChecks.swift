import BatonStore
import Foundation

/// Users and their sessions.
enum AccountChecks {
    static let all: [ConformanceCheck] = [
        ConformanceCheck(name: "users are unique, listed, updated and deleted with their sessions", body: users),
        ConformanceCheck(name: "every store on a database gets the first secret stored", body: secrets),
    ]

    static func secrets(_ backend: any ConformanceBackend) async throws {
        let database = try await backend.newDatabase()
        let (one, two) = (try await database.open(), try await database.open())
        let first = Data((0..<32).map { UInt8($0) })
        try expect(try await one.secretGetOrCreate(name: "key", candidate: first), first, "the first candidate is stored")
        try expect(try await two.secretGetOrCreate(name: "key", candidate: Data([9, 9])), first, "later candidates are not")
        try expect(try await two.secretGetOrCreate(name: "other", candidate: Data([9, 9])), Data([9, 9]), "names are separate")
    }

    static func users(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        let ann = try await store.userInsert(name: "ann", passwordHash: "h1", now: 10)
        _ = try await store.userInsert(name: "bob", passwordHash: "h2", now: 20)
        do {
            _ = try await store.userInsert(name: "ann", passwordHash: "h3", now: 30)
            try expect(false, "a second 'ann' is refused")
        } catch StoreError.conflict {}
        try expect(try await store.userList().map(\.name), ["ann", "bob"], "list by name")
        try expect(try await store.userGet(name: "ann"), ann, "get")
        try expect(try await store.userUpdate(name: "ann", passwordHash: "h4", now: 40), true, "update")
        try expect(try await store.userUpdate(name: "nobody", passwordHash: "h4", now: 40), false, "update of nobody")
        try expect(try await store.userGet(name: "ann")?.passwordHash, "h4", "new hash")
        let session = SessionRecord(id: "s1", user: ann.id, address: "10.0.0.1", port: 9669, created: 50, expires: 99)
        try await store.sessionInsert(session)
        try expect(try await store.sessionGet(id: "s1")?.0, session, "session")
        try expect(try await store.sessionGet(id: "s1")?.1.name, "ann", "session's user")
        try expect(try await store.userDelete(name: "ann"), true, "delete")
        try expect(try await store.userDelete(name: "ann"), false, "delete twice")
        try expect(try await store.sessionGet(id: "s1") == nil, "sessions end with their user")
    }
}
