import BatonStore

/// A database for one check: each `open()` is a new store with its own connections on the same
/// database, migrated, as another `baton` process would open it.
public struct ConformanceDatabase: Sendable {
    public let open: @Sendable () async throws -> any Store

    public init(open: @escaping @Sendable () async throws -> any Store) {
        self.open = open
    }
}

/// How a backend's tests give the checks fresh, empty databases.
public protocol ConformanceBackend: Sendable {
    func newDatabase() async throws -> ConformanceDatabase
}

/// One store behaviour every backend must have. The SQLite and PostgreSQL tests run them all.
public struct ConformanceCheck: Sendable, CustomStringConvertible {
    public let name: String
    let body: @Sendable (any ConformanceBackend) async throws -> Void

    public var description: String { name }

    public func run(on backend: any ConformanceBackend) async throws {
        try await body(backend)
    }
}

public enum StoreConformance {
    public static let checks: [ConformanceCheck] =
        WorkChecks.all + LeaseChecks.all + JobChecks.all + AccountChecks.all
        + StatsChecks.all + RerunChecks.all + LanguageChecks.all
}

/// A check that did not hold, with what was expected.
public struct ConformanceFailure: Error, CustomStringConvertible {
    public let description: String
}

func expect(_ condition: Bool, _ what: @autoclosure () -> String, line: Int = #line) throws {
    guard condition else { throw ConformanceFailure(description: "line \(line): \(what())") }
}

func expect<T: Equatable>(_ actual: T, _ expected: T, _ what: @autoclosure () -> String, line: Int = #line) throws {
    guard actual == expected else {
        throw ConformanceFailure(description: "line \(line): \(what()): got \(actual), expected \(expected)")
    }
}
