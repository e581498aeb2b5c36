import BatonCore

/// A named, read-only data source from `connections:` in `baton.yml` (SPEC §12), which `sql`
/// tasks query. Each backend opens it its own way (SQLite read-only; PostgreSQL in a READ ONLY
/// transaction); neither ever pastes a value into the statement.
public protocol QueryConnection: Sendable {
    /// Runs one read-only statement: `query`'s placeholders are bound, in order, to `values`
    /// (strings, integers, reals, booleans; null binds NULL), and each result row is written to
    /// `rows` as it arrives, every cell as text (NULL as an empty string). `timeout` (seconds)
    /// stops a statement that runs longer. Returns the result's column names.
    /// Throws `QueryError`; no message ever holds the connection's password.
    func run(_ query: ParameterizedQuery, values: [JSON], timeout: Double?, rows: any RowSink) async throws -> [String]
}

/// Why a `sql` task's statement failed: a sentence safe to log and show (no credentials).
public struct QueryError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
