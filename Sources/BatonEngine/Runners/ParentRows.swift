import BatonCore
import BatonStore
import Foundation

/// A task's parents' rows (SPEC §3), read from the store a page at a time: as a `RowSequence`
/// (Swift and algorithm tasks) or written to the CSV file `BATON_PARENT_ROWS` names (shell
/// tasks). Memory stays at one page whatever the parents produced.
enum ParentRows {
    /// Rows fetched per store read.
    static let pageSize = 10_000

    /// Every parent's rows in `previous` order.
    static func sequence(for task: ClaimedTask, store: any Store) -> RowSequence {
        let parents = task.parentTasks
        guard !parents.isEmpty else { return .empty }
        return RowSequence(sources: parents.count, pageSize: pageSize) { source, offset, limit in
            try await store.taskRows(task: parents[source], offset: offset, limit: limit)
        }
    }

    /// Writes every parent's rows, in `previous` order, as RFC 4180 CSV (no header) to `url`;
    /// returns how many. The file is created at the first row: a task whose parents have none
    /// (most shell chains) gets no file, which saves a create and an unlink per task.
    @discardableResult
    static func writeFile(for task: ClaimedTask, store: any Store, to url: URL) async throws -> Int {
        guard !task.parentTasks.isEmpty else { return 0 }
        var writer: CSVWriter?
        for try await row in sequence(for: task, store: store) {
            if writer == nil { writer = try CSVWriter(path: url.path) }
            try writer?.write(row)
        }
        return try writer?.close() ?? 0
    }

    /// The value of `BATON_PARENT_ROWS` for a shell attempt: its parent-rows file when the
    /// parents wrote `count` > 0 rows, else `/dev/null` (an empty file).
    static func environmentValue(count: Int, files: AttemptFiles) -> String {
        count > 0 ? files.parentRows.path : "/dev/null"
    }
}
