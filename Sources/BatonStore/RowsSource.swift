/// A finished attempt's result rows, as the store takes them while it records the outcome.
public enum RowsSource: Sendable {
    case memory([[String]])
    /// Rows the store pulls one at a time, so 10^6 rows never sit in memory at once. The
    /// closure opens a new cursor at the first row each time it is called: a work step that
    /// failed and runs again reads the rows again.
    case cursor(@Sendable () throws -> any RowCursor)
}

/// Result rows read one at a time, in order.
public protocol RowCursor {
    /// The next row's cells; nil after the last.
    mutating func next() throws -> [String]?
}

/// Where a `sql` task's result rows go as they arrive (`QueryConnection.run`).
public protocol RowSink: AnyObject, Sendable {
    /// Appends one row.
    func append(_ cells: [String]) throws
}
