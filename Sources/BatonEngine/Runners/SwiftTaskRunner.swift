import BatonCore
import BatonStore
import Foundation

/// Runs a task registered in Swift; cancel and timeout reach it as Task cancellation.
struct SwiftTaskRunner {
    let body: SwiftTaskBody
    /// The parents' rows, read as the task iterates them.
    var parentRows: RowSequence = .empty

    private enum Ending: Sendable {
        case finished(Result<JSON, any Error>)
        case timedOut
    }

    func run(_ context: AttemptContext) async -> AttemptResult {
        let task = context.task
        let rows = RowCollector()
        let taskContext = TaskContext(
            jobId: task.jobUUID, jobNumber: task.job, taskId: task.uuid, taskKey: task.key, attempt: task.attempt,
            payload: task.payload, params: task.body.params, parents: task.parents, parentRows: parentRows, item: task.body.item,
            rows: rows)
        let body = self.body
        let timeout = task.body.timeout
        let ending = await withTaskGroup(of: Ending?.self) { group -> Ending in
            group.addTask {
                do { return .finished(.success(try await body(taskContext))) } catch { return .finished(.failure(error)) }
            }
            if let timeout {
                group.addTask {
                    do { try await Task.sleep(for: .seconds(timeout)) } catch { return nil }
                    return .timedOut
                }
            }
            while let next = await group.next() {
                if let next {
                    group.cancelAll()
                    return next
                }
            }
            return .finished(.failure(CancellationError()))
        }
        switch ending {
        case .timedOut:
            return AttemptResult(
                result: .failed(TaskError(exception: "timed out after \(ShellRunner.format(timeout ?? 0)) s"), retryable: true))
        case .finished(.success(let value)):
            if Task.isCancelled {
                return AttemptResult(result: .failed(TaskError(exception: "canceled"), retryable: false))
            }
            let collected = rows.rows
            return AttemptResult(result: .succeeded(value, rows: collected.isEmpty ? nil : .memory(collected)))
        case .finished(.failure(let error)):
            let canceled = Task.isCancelled || error is CancellationError
            return AttemptResult(
                result: .failed(
                    TaskError(
                        exception: canceled ? "canceled" : "\(type(of: error)): \(error)", traceback: String(reflecting: error)),
                    retryable: !canceled))
        }
    }
}
