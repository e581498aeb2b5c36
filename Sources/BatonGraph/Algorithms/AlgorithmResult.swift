/// What an algorithm gives back: Explorer's output columns, column-wise, plus what it reports.
///
/// Columns are kept typed (vertex numbers, integers, reals) so a result for 10^6 vertices is a
/// few flat arrays, not 10^6 rows of text; `AlgorithmResult.cell` prints them by SPEC §12's
/// rule (integers as integers, reals with 6 digits after the point, vertices as their ids).
public struct AlgorithmResult: Sendable {
    /// Explorer's column names, e.g. `["VID", "VALUE"]`.
    public var names: [String]
    /// One entry per name, all of one length (the row count).
    public var columns: [ResultColumn]
    /// Figures the algorithm reports beside its rows (e.g. `modularity`, `iterations`, `found`).
    public var report: [String: AlgorithmValue]

    public init(names: [String], columns: [ResultColumn], report: [String: AlgorithmValue] = [:]) {
        precondition(names.count == columns.count, "one column per name")
        self.names = names
        self.columns = columns
        self.report = report
    }

    /// Number of output rows.
    public var rowCount: Int { columns.first?.count ?? 0 }
}

/// One typed output column.
public enum ResultColumn: Sendable, Equatable {
    /// Vertex numbers, printed as the vertices' ids.
    case vertices([Int32])
    /// Whole numbers (degrees, depths, counts, indexes).
    case integers([Int])
    /// Reals, printed with 6 digits after the point.
    case reals([Double])

    public var count: Int {
        switch self {
        case .vertices(let a): return a.count
        case .integers(let a): return a.count
        case .reals(let a): return a.count
        }
    }
}
