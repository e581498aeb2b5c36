import BatonCore
import BatonStore
import Foundation
import Synchronization

/// Runs a `shell` task: a script under `/bin/sh -c` or an argv list, in its own process group.
struct ShellRunner {
    let command: ShellCommand
    /// Rows the parents wrote to the attempt's parent-rows file (`ParentRows.writeFile`).
    var parentRows = 0

    func run(_ context: AttemptContext) async -> AttemptResult {
        guard let files = context.files else {
            return AttemptResult(result: .failed(TaskError(exception: "no attempt files for a shell task"), retryable: false))
        }
        let argv: [String]
        switch command {
        case .script(let script): argv = ["/bin/sh", "-c", script]
        case .argv(let list): argv = list
        }
        let workdir =
            context.task.body.workdir.map { Paths.resolve($0, against: context.homeDirectory).path }
            ?? context.homeDirectory.path
        let process: ChildProcess
        do {
            process = try await ChildProcess.start(
                argv: argv,
                environment: TaskEnvironment.make(for: context.task, files: files, parentRows: parentRows),
                directory: workdir, logPath: files.log.path, notesIn: files.runDirectory)
        } catch {
            return AttemptResult(result: .failed(TaskError(exception: "\(error)"), retryable: true))
        }

        let timedOut = Flag()
        let timer = context.task.body.timeout.map { seconds in
            Task {
                try await Task.sleep(for: .seconds(seconds))
                timedOut.set()
                process.stop(grace: context.cancelGrace)
            }
        }
        let status = await withTaskCancellationHandler {
            await process.wait()
        } onCancel: {
            process.stop(grace: context.cancelGrace)
        }
        timer?.cancel()

        let log = LogTail.read(files.log, tailBytes: context.logMaxBytes)
        func failed(_ exception: String, retryable: Bool = true) -> AttemptResult {
            AttemptResult(
                result: .failed(TaskError(exception: exception, traceback: LogTail.lastLines(log)), retryable: retryable),
                log: log)
        }
        if timedOut.isSet {
            let seconds = context.task.body.timeout ?? 0
            return failed("timed out after \(Self.format(seconds)) s")
        }
        if Task.isCancelled {
            return failed("canceled", retryable: false)
        }
        let (code, reason) = ChildProcess.describe(status: status)
        guard code == 0 else {
            return failed(reason)
        }
        var result = JSON.null
        // An empty or missing result file (most tasks) is not opened.
        if AttemptFiles.size(files.result) ?? 0 > 0, let data = FileManager.default.contents(atPath: files.result.path),
            !data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 })
        {
            do {
                result = try JSON.parse(data)
            } catch {
                return failed("the result file ($BATON_RESULT) is not valid JSON")
            }
        }
        let rows = AttemptFiles.size(files.rows) != nil ? RowsSource.csvFile(files.rows.path) : nil
        return AttemptResult(result: .succeeded(result, rows: rows), log: log)
    }

    static func format(_ seconds: Double) -> String {
        seconds.rounded() == seconds ? String(Int(seconds)) : String(seconds)
    }
}

/// A one-way flag set from another task.
final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
