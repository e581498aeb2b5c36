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

/// Runs attempts of every task kind, with the task's timeout.
struct TaskRunner: Sendable {
    let registry: TaskRegistry

    /// baton.yml's `max_fanout`.
    var maxFanout = FanOut.defaultMaxFanout
    /// The definitions sub-workflow steps start jobs of.
    var definitions: DefinitionSet?

    func run(_ context: AttemptContext) async -> AttemptResult {
        let body = context.task.body
        // A false condition skips the step: its command never runs (SPEC §13).
        if let condition = body.when, !condition.holds(for: context.task.parentResult(at: condition.parent)) {
            return AttemptResult(result: .skipped, log: "skipped: the condition on '\(condition.parentKey)' is false\n")
        }
        if let fanOut = body.foreach, body.item == nil {
            return await FanOutRunner(fanOut: fanOut, maxFanout: maxFanout).run(context)
        }
        switch body.kind {
        case .shell(let command):
            var parentRows = 0
            if let files = context.files, !context.task.parentTasks.isEmpty {
                do {
                    parentRows = try await ParentRows.writeFile(for: context.task, store: context.store, to: files.parentRows)
                } catch {
                    return AttemptResult(
                        result: .failed(TaskError(exception: "reading the parents' rows: \(error)"), retryable: true))
                }
            }
            return await ShellRunner(command: command, parentRows: parentRows).run(context)
        case .http(let call):
            return await AttemptDeadline.run(timeout: context.task.body.timeout ?? HTTPRunner.defaultTimeout) {
                await HTTPRunner(call: call).run(context)
            }
        case .swift(let name):
            guard let body = registry.body(named: name) else {
                return AttemptResult(
                    result: .failed(
                        TaskError(exception: "no Swift task named '\(name)' is registered in this process"), retryable: true))
            }
            return await SwiftTaskRunner(body: body, parentRows: ParentRows.sequence(for: context.task, store: context.store))
                .run(context)
        case .sql(let query):
            return await AttemptDeadline.run(timeout: context.task.body.timeout) { await SQLRunner(query: query).run(context) }
        case .csv(let source):
            return await AttemptDeadline.run(timeout: context.task.body.timeout) {
                await CSVSourceRunner(source: source).run(context)
            }
        case .algorithm(let call):
            return await AttemptDeadline.run(timeout: context.task.body.timeout) {
                await AlgorithmRunner(call: call).run(context)
            }
        case .workflow(let call):
            return await SubWorkflowRunner(call: call, definitions: definitions).run(context)
        }
    }
}
