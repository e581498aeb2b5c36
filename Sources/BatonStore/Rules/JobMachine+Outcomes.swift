import BatonCore

extension JobMachine {
    /// Ends the attempts these outcomes report (their leases already checked by the store).
    public mutating func finished(_ outcomes: [TaskOutcome], now: Int64) throws {
        for outcome in outcomes {
            switch outcome.result {
            case .succeeded: try finished(outcome.task, .succeeded, now: now)
            case .failed(_, let retryable): try finished(outcome.task, .failed(retryable: retryable), now: now)
            case .skipped: try finished(outcome.task, .skipped, now: now)
            case .fannedOut: try finished(outcome.task, .fannedOut, now: now)
            case .startedChild: try finished(outcome.task, .waitingForChild, now: now)
            }
        }
    }
}
