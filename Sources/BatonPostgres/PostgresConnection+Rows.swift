import BatonCore
import BatonStore
import Foundation
import Logging
import PostgresNIO

extension PostgresConnection {
    private static let queryLogger = Logger(label: "baton.postgres.query")

    /// Runs a statement, reading (and dropping) whatever it returns.
    func run(_ query: PostgresQuery) async throws {
        for try await _ in try await self.query(query, logger: Self.queryLogger) {}
    }

    func rows(_ query: PostgresQuery) async throws -> [Fields] {
        var rows: [Fields] = []
        for try await row in try await self.query(query, logger: Self.queryLogger) { rows.append(Fields(row)) }
        return rows
    }

    func row(_ query: PostgresQuery) async throws -> Fields? {
        try await rows(query).first
    }
}

/// A result row read by column name, as `row("number", Int64.self)`.
struct Fields {
    let row: PostgresRandomAccessRow

    init(_ row: PostgresRow) { self.row = row.makeRandomAccess() }

    func callAsFunction<T: PostgresDecodable>(_ column: String, _ type: T.Type = T.self) throws -> T {
        try row[column].decode(T.self)
    }
}

extension JobRecord {
    init(_ row: Fields) throws {
        guard let status = JobStatus(rawValue: try row("status", Int.self)) else { throw StoreError.corrupt("job status") }
        self.init(
            number: try row("number"), uuid: try ColumnCoding.uuid(row("uuid")), workflow: try row("workflow"),
            project: try row("project"), name: try row("name"), status: status,
            payload: try ColumnCoding.json(row("payload")) ?? .object([:]),
            input: try ColumnCoding.input(row("input")), comment: try row("comment"), periodic: try row("periodic"),
            created: try row("created"), updated: try row("updated"), started: try row("started"), ended: try row("ended"))
    }
}

extension TaskRecord {
    init(_ row: Fields) throws {
        guard let status = TaskStatus(rawValue: try row("status", Int.self)) else { throw StoreError.corrupt("task status") }
        let hook = try row("hook", Int?.self)
        let errorText = try row("error", String?.self)
        self.init(
            id: try row("id"), uuid: try ColumnCoding.uuid(row("uuid")), job: try row("job"), position: try row("position"),
            key: try row("key"), name: try row("name"), taskName: try row("task"), status: status,
            hook: hook.flatMap(HookKind.init(rawValue:)), parents: ColumnCoding.parents(try row("parents", String.self)),
            queue: try row("queue"), attempt: try row("attempt"), failures: try row("failures"),
            maxRetries: try row("max_retries"), cancelRequested: try row("cancel_requested"), created: try row("created"),
            updated: try row("updated"), started: try row("started"), ended: try row("ended"),
            result: try ColumnCoding.json(row("result")),
            error: try errorText.map { try ColumnCoding.decode(TaskError.self, $0) })
    }
}

extension UserRecord {
    init(_ row: Fields) throws {
        self.init(id: try row("id"), name: try row("name"), passwordHash: try row("password_hash"),
                  created: try row("created"), updated: try row("updated"))
    }
}
