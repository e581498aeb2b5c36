import BatonCore
import BatonStore
import Foundation

/// How one attempt ended, before it is reported to the store.
struct AttemptResult: Sendable {
    var result: TaskOutcome.Result
    var log: String = ""

    /// A failed attempt whose log is the failure's message (the data task kinds print nothing else).
    static func failure(_ message: String, retryable: Bool = false) -> AttemptResult {
        AttemptResult(result: .failed(TaskError(exception: message), retryable: retryable), log: message + "\n")
    }
}

/// Everything a task kind needs to run one attempt.
struct AttemptContext: Sendable {
    var task: ClaimedTask
    /// The attempt's log, result, rows and parent-rows files (tasks that write rows).
    var files: AttemptFiles?
    var homeDirectory: URL
    var cancelGrace: Double
    /// The last bytes of the log kept (SPEC §10).
    var logMaxBytes: Int = LogTail.defaultTailBytes
    /// Where parents' rows are read from.
    var store: any Store
    /// baton.yml's `connections`, by name, for `sql` tasks.
    var connections: [String: any QueryConnection] = [:]
}

/// Where a shell attempt's log, result and rows go: files of the run folder named after the
/// attempt, not a folder per attempt. Creating and deleting a folder per task costs more than
/// the task (an empty file has no block to free; a folder always has one).
public struct AttemptFiles: Sendable {
    public let log: URL
    let result: URL
    let rows: URL
    /// The parents' rows, for `BATON_PARENT_ROWS`.
    let parentRows: URL
    /// The running process's note (`TaskProcessRecord`).
    let process: URL

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
        process = URL(fileURLWithPath: stem + TaskProcessRecord.suffix, isDirectory: false)
    }

    /// The parent-rows file beside the rows file `rowsPath`.
    static func parentRowsPath(forRowsPath rowsPath: String) -> String {
        String(rowsPath.dropLast(".rows.csv".count)) + ".parents.csv"
    }

    /// Shell tasks and the kinds that write rows (`sql`, `csv`, `algorithm`) use files.
    static func needed(by task: ClaimedTask) -> Bool {
        switch task.body.kind {
        case .shell, .sql, .csv, .algorithm: return true
        case .http, .swift: return false
        }
    }

    /// Deletes whichever of the files exist.
    func remove() {
        for url in [log, result, rows, parentRows, process] { unlink(url.path) }
    }

    /// The size of one of these files, nil when there is none: one stat(2), without
    /// FileManager's wrapping, because it runs after every shell task.
    static func size(_ url: URL) -> Int64? {
        var info = stat()
        return stat(url.path, &info) == 0 ? Int64(info.st_size) : nil
    }
}

/// Runs attempts of every task kind, with the task's timeout.
struct TaskRunner: Sendable {
    let registry: TaskRegistry

    func run(_ context: AttemptContext) async -> AttemptResult {
        switch context.task.body.kind {
        case .shell(let command):
            if let files = context.files, !context.task.parentTasks.isEmpty {
                do {
                    try await ParentRows.writeFile(for: context.task, store: context.store, to: files.parentRows)
                } catch {
                    return AttemptResult(result: .failed(TaskError(exception: "reading the parents' rows: \(error)"), retryable: true))
                }
            }
            return await ShellRunner(command: command).run(context)
        case .http(let call):
            return await HTTPRunner(call: call).run(context)
        case .swift(let name):
            guard let body = registry.body(named: name) else {
                return AttemptResult(result: .failed(TaskError(exception: "no Swift task named '\(name)' is registered in this process"), retryable: true))
            }
            return await SwiftTaskRunner(body: body, parentRows: ParentRows.sequence(for: context.task, store: context.store))
                .run(context)
        case .sql(let query):
            return await AttemptDeadline.run(timeout: context.task.body.timeout) { await SQLRunner(query: query).run(context) }
        case .csv(let source):
            return await AttemptDeadline.run(timeout: context.task.body.timeout) { await CSVSourceRunner(source: source).run(context) }
        case .algorithm(let call):
            return await AttemptDeadline.run(timeout: context.task.body.timeout) { await AlgorithmRunner(call: call).run(context) }
        }
    }
}
