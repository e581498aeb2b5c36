import BatonSQLite
import BatonStore
import BatonStoreConformance
import Foundation
import Testing

/// Each database is a new file in the temporary folder.
struct SQLiteBackend: ConformanceBackend {
    func newDatabase() async throws -> ConformanceDatabase {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("baton-store-\(UUID().uuidString).sqlite").path
        return ConformanceDatabase {
            let store = try SQLiteStore(path: path)
            try await store.migrate()
            return store
        }
    }
}

@Suite struct SQLiteStoreTests {
    @Test(arguments: StoreConformance.checks) func conformance(_ check: ConformanceCheck) async throws {
        try await check.run(on: SQLiteBackend())
    }

    @Test func commitsAreDurable() async throws {
        let store = try await SQLiteBackend().newDatabase().open() as! SQLiteStore
        #expect(try store.synchronousLevel() == 2, "synchronous=FULL")
    }

    @Test func aNewFileOpenedByManyConnectionsAtOnceSwitchesToWAL() async throws {
        let database = try await SQLiteBackend().newDatabase()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 { group.addTask { _ = try await database.open() } }
            try await group.waitForAll()
        }
    }
}
