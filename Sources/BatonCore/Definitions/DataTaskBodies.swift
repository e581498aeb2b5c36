/// The body of a `sql` task: `sql: {connection: NAME, query: "SELECT ... :name"}`.
public struct SQLQuery: Sendable, Hashable, Codable {
    /// A name under `connections:` in `baton.yml`.
    public var connection: String
    /// The statement as written. `:name` placeholders bind the task's params (after input
    /// overrides) as values; nothing is ever pasted into the text.
    public var query: String

    public init(connection: String, query: String) {
        self.connection = connection
        self.query = query
    }
}

/// The body of a `csv` task: `csv: PATH` or `csv: {path: PATH, header: true}`.
public struct CSVSource: Sendable, Hashable, Codable {
    /// A path relative to the home, which may not leave it (checked again, symlinks resolved,
    /// when the task runs).
    public var path: String
    /// Whether the first line is a header, dropped from the rows.
    public var header: Bool

    public init(path: String, header: Bool = false) {
        self.path = path
        self.header = header
    }

    /// A path the loader accepts: relative, with no `..` component.
    public static func isInsideHome(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.hasPrefix("~") else { return false }
        return !path.split(separator: "/", omittingEmptySubsequences: false).contains("..")
    }
}

/// The body of an `algorithm` task: `algorithm: PageRank` (any case). Its params are Explorer's
/// (upper-case names) plus `IS_DIRECTED`, checked and completed with defaults at load.
public struct AlgorithmCall: Sendable, Hashable, Codable {
    /// The algorithm's name as Explorer spells it (`PageRank`, `WCC`, …), whatever case was written.
    public var name: String

    public init(name: String) {
        self.name = name
    }
}
