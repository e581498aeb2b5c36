import BatonStore
import Foundation

extension CSVReader: RowCursor {}

extension RowsSource {
    /// The rows of the attempt file at `path` (RFC 4180, no header, as `CSVWriter` writes
    /// them), read by the store as it records the outcome; a file that is not there (the
    /// task wrote no rows) has none.
    static func csvFile(_ path: String) -> RowsSource {
        .cursor {
            guard FileManager.default.fileExists(atPath: path) else { return NoRows() }
            return try CSVReader(path: path)
        }
    }
}

/// The cursor of a task that wrote no rows.
private struct NoRows: RowCursor {
    func next() -> [String]? { nil }
}
