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
    /// returns how many. A task without parents gets no file.
    @discardableResult
    static func writeFile(for task: ClaimedTask, store: any Store, to url: URL) async throws -> Int {
        guard !task.parentTasks.isEmpty else { return 0 }
        let writer = try CSVWriter(path: url.path)
        for try await row in sequence(for: task, store: store) {
            try writer.write(row)
        }
        return try writer.close()
    }

    /// The value of `BATON_PARENT_ROWS` for a shell attempt whose rows file is `rowsPath`: the
    /// attempt's parent-rows file, or `/dev/null` (an empty file) when the task has no parents.
    static func environmentValue(for task: ClaimedTask, rowsPath: String) -> String {
        task.parentTasks.isEmpty ? "/dev/null" : AttemptFiles.parentRowsPath(forRowsPath: rowsPath)
    }
}
