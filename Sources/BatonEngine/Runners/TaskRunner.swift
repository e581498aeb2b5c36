import BatonCore
import BatonStore
import Foundation

/// How one attempt ended, before it is reported to the store.
struct AttemptResult: Sendable {
    var result: TaskOutcome.Result
    var log: String = ""
}

/// Everything a task kind needs to run one attempt.
struct AttemptContext: Sendable {
    var task: ClaimedTask
    /// A private folder for this attempt: log, result and rows files.
    var directory: URL
    var homeDirectory: URL
    var cancelGrace: Double
}

/// Runs attempts of every task kind, with the task's timeout.
struct TaskRunner: Sendable {
    let registry: TaskRegistry

    func run(_ context: AttemptContext) async -> AttemptResult {
        switch context.task.body.kind {
        case .shell(let command):
            return await ShellRunner(command: command).run(context)
        case .http(let call):
            return await HTTPRunner(call: call).run(context)
        case .swift(let name):
            guard let body = registry.body(named: name) else {
                return AttemptResult(result: .failed(TaskError(exception: "no Swift task named '\(name)' is registered in this process"), retryable: true))
            }
            return await SwiftTaskRunner(body: body).run(context)
        }
    }
}
