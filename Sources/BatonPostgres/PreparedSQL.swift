import PostgresNIO

/// The text of a statement the work step runs on every round: PostgreSQL parses and plans it
/// once per connection (a named prepared statement) instead of on every execution. Planning the
/// claim alone cost about as much as executing it (BENCHMARKS.md, "Prepared statements").
///
/// The text is fixed: whatever varies is a bind, `$1`, `$2`, … in `sql`, each with an explicit
/// cast where PostgreSQL could not infer its type (`unnest($1::bigint[])`), since the types are
/// fixed when the statement is prepared.
protocol PreparedSQL {
    static var sql: String { get }
}

/// `Text`'s statement with this execution's binds, in the order of their `$n`.
struct Prepared<Text: PreparedSQL>: PostgresPreparedStatement {
    typealias Row = PostgresRow
    /// Short and unique: PostgreSQL cuts names at 63 bytes, and the default (the type's full
    /// name) of two of these would then be the same.
    static var name: String { "baton_\(Text.self)" }
    static var sql: String { Text.sql }

    var binds: PostgresBindings

    func makeBindings() -> PostgresBindings { binds }
    func decodeRow(_ row: PostgresRow) -> PostgresRow { row }
}
