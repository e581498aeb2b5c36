import BatonStore
import Foundation
import Synchronization

/// Ends an in-process attempt (`http`, `sql`, `csv`, `algorithm`) at its task's timeout or on cancel,
/// even while the work inside cannot stop at once (an algorithm is a pure computation with no
/// cancellation points): the attempt is reported as timed out or canceled right away, the work
/// is cancelled, and whatever it still finishes is dropped.
enum AttemptDeadline {
    static func run(timeout: Double?, _ work: @escaping @Sendable () async -> AttemptResult) async -> AttemptResult {
        let ending = Ending()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<AttemptResult, Never>) in
                ending.start(continuation)
                let worker = Task { ending.finish(await work()) }
                ending.onFinish { worker.cancel() }
                if let timeout {
                    let timer = Task {
                        try await Task.sleep(for: .seconds(timeout))
                        let message = "timed out after \(ShellRunner.format(timeout)) s"
                        ending.finish(
                            AttemptResult(result: .failed(TaskError(exception: message), retryable: true), log: message + "\n"))
                    }
                    ending.onFinish { timer.cancel() }
                }
                if Task.isCancelled { ending.cancel() }
            }
        } onCancel: {
            ending.cancel()
        }
    }

    /// The first of work, timer and cancel to end the attempt resumes the continuation; the
    /// others find it gone.
    private final class Ending: Sendable {
        private struct State {
            var continuation: CheckedContinuation<AttemptResult, Never>?
            var result: AttemptResult?
            var cleanups: [@Sendable () -> Void] = []
            var canceled = false
        }
        private let state = Mutex(State())

        func start(_ continuation: CheckedContinuation<AttemptResult, Never>) {
            let early: AttemptResult? = state.withLock { state in
                if let result = state.result { return result }
                state.continuation = continuation
                return nil
            }
            if let early { continuation.resume(returning: early) }
        }

        func onFinish(_ cleanup: @escaping @Sendable () -> Void) {
            let ended = state.withLock { state -> Bool in
                if state.result != nil { return true }
                state.cleanups.append(cleanup)
                return false
            }
            if ended { cleanup() }
        }

        func cancel() {
            finish(AttemptResult(result: .failed(TaskError(exception: "canceled"), retryable: false), log: "canceled\n"))
        }

        func finish(_ result: AttemptResult) {
            let (continuation, cleanups) = state.withLock {
                state -> (CheckedContinuation<AttemptResult, Never>?, [@Sendable () -> Void]) in
                guard state.result == nil else { return (nil, []) }
                state.result = result
                defer {
                    state.continuation = nil
                    state.cleanups = []
                }
                return (state.continuation, state.cleanups)
            }
            continuation?.resume(returning: result)
            for cleanup in cleanups { cleanup() }
        }
    }
}
