import BatonPostgres
import BatonStore
import BatonStoreConformance
import Foundation
import Synchronization
import Testing

/// The PostgreSQL tests run when `BATON_TEST_POSTGRES` names a database (`.ci/run` starts one):
/// `postgres://baton:baton@127.0.0.1:5432/baton`. Each database is a throwaway schema.
enum TestPostgres {
    static let url = ProcessInfo.processInfo.environment["BATON_TEST_POSTGRES"]
    static var available: Bool { url != nil }
}

/// Hands out schemas `t_<random>` and drops them all at the end.
final class PostgresBackend: ConformanceBackend {
    private let schemas = Mutex<[String]>([])

    func newDatabase() async throws -> ConformanceDatabase {
        let schema = "t_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        schemas.withLock { $0.append(schema) }
        let address = try PostgresAddress(TestPostgres.url! + "?schema=\(schema)")
        return ConformanceDatabase {
            let store = PostgresStore(address: address)
            try await store.migrate()
            return store
        }
    }

    func dropAll() async throws {
        for schema in schemas.withLock({ $0 }) {
            try await PostgresStore(address: try PostgresAddress(TestPostgres.url! + "?schema=\(schema)")).dropSchema()
        }
    }
}

@Suite(.enabled(if: TestPostgres.available, "set BATON_TEST_POSTGRES to a PostgreSQL address"))
struct PostgresStoreTests {
    @Test(arguments: StoreConformance.checks) func conformance(_ check: ConformanceCheck) async throws {
        let backend = PostgresBackend()
        do {
            try await check.run(on: backend)
        } catch {
            try await backend.dropAll()
            throw error
        }
        try await backend.dropAll()
    }

    @Test func anUnreachableDatabaseIsNamedWithoutItsPassword() async throws {
        let store = PostgresStore(address: try PostgresAddress("postgres://baton:s3cret@127.0.0.1:1/baton"))
        let error = await #expect(throws: StoreError.self) { try await store.migrate() }
        let text = "\(error!)"
        #expect(text.contains("postgres://baton@127.0.0.1:1/baton"), "\(text)")
        #expect(!text.contains("s3cret"))
    }
}

@Suite struct PostgresAddressTests {
    @Test func parsesEveryPart() throws {
        let address = try PostgresAddress("postgresql://ann:p%40ss@db.example:6543/prod?schema=baton_2&sslmode=require")
        #expect(address.host == "db.example")
        #expect(address.port == 6543)
        #expect(address.user == "ann")
        #expect(address.password == "p@ss")
        #expect(address.database == "prod")
        #expect(address.schema == "baton_2")
        #expect(address.tls == .require)
        #expect(address.description == "postgres://ann@db.example:6543/prod?schema=baton_2")
    }

    @Test func defaults() throws {
        let address = try PostgresAddress("postgres://ann@localhost/baton")
        #expect(address.port == 5432)
        #expect(address.password == nil)
        #expect(address.schema == "baton")
        #expect(address.tls == .disable)
    }

    @Test(arguments: [
        ("postgres://ann:pw@/db", "names no host"),
        ("postgres://host/db", "names no user"),
        ("postgres://ann:pw@host", "names no database"),
        ("postgres://ann:pw@host/db?schema=Bad-Name", "lowercase identifier"),
        ("postgres://ann:pw@host/db?sslmode=maybe", "sslmode must be"),
        ("postgres://ann:pw@host/db?pool=3", "unknown parameter 'pool'"),
    ])
    func badAddressesAreExplainedWithoutThePassword(_ text: String, _ reason: String) throws {
        let error = #expect(throws: StoreError.self) { try PostgresAddress(text) }
        let message = "\(error!)"
        #expect(message.contains(reason), "\(message)")
        #expect(!message.contains(":pw@"), "\(message)")
    }
}
