import BatonCore
import BatonStore
import Foundation

/// Where a shell attempt's log, result and rows go: files of the run folder named after the
/// attempt, not a folder per attempt. Creating and deleting a folder per task costs more than
/// the task (an empty file has no block to free; a folder always has one).
public struct AttemptFiles: Sendable {
    public let log: URL
    let result: URL
    let rows: URL
    /// The parents' rows, for `BATON_PARENT_ROWS`.
    let parentRows: URL
    /// The run folder, where the running process's note goes (`TaskProcessRecord`).
    let runDirectory: String

    init(runDirectory: URL, task: ClaimedTask) {
        self.init(runDirectory: runDirectory, task: task.uuid, attempt: task.attempt)
    }

    /// Paths built as text: `appendingPathComponent` asks the file system whether each is a folder.
    public init(runDirectory: URL, task: UUID, attempt: Int) {
        let stem = runDirectory.path + "/\(task.uuidString.lowercased())-\(attempt)"
        log = URL(fileURLWithPath: stem + ".log", isDirectory: false)
        result = URL(fileURLWithPath: stem + ".result.json", isDirectory: false)
        rows = URL(fileURLWithPath: stem + ".rows.csv", isDirectory: false)
        parentRows = URL(fileURLWithPath: Self.parentRowsPath(forRowsPath: rows.path), isDirectory: false)
        self.runDirectory = runDirectory.path
    }

    /// The parent-rows file beside the rows file `rowsPath`.
    static func parentRowsPath(forRowsPath rowsPath: String) -> String {
        String(rowsPath.dropLast(".rows.csv".count)) + ".parents.csv"
    }

    /// Shell tasks and the kinds that write rows (`sql`, `csv`, `algorithm`) use files; a
    /// fan-out step that has not expanded yet runs nothing.
    static func needed(by task: ClaimedTask) -> Bool {
        if task.body.foreach != nil && task.body.item == nil { return false }
        switch task.body.kind {
        case .shell, .sql, .csv, .algorithm: return true
        case .http, .swift, .workflow: return false
        }
    }

    /// Deletes whichever of the files exist.
    func remove() {
        for url in [log, result, rows, parentRows] { unlink(url.path) }
    }

    /// The size of one of these files, nil when there is none: one stat(2), without
    /// FileManager's wrapping, because it runs after every shell task.
    static func size(_ url: URL) -> Int64? {
        var info = stat()
        return stat(url.path, &info) == 0 ? Int64(info.st_size) : nil
    }
}
