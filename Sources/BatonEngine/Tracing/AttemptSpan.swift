import BatonStore
import Foundation
import Tracing

/// The span of one task attempt, a child of its job's span (`JobTrace`), and the W3C
/// `traceparent` the attempt hands on: to a shell task as `TRACEPARENT`, to an http task as the
/// `traceparent` header. With tracing off there is no span, and the `traceparent` names the job
/// span with flags `00` (not sampled): the ids are derivable from the job alone, so what the task
/// calls can still tie its own logs to the job, and is told that Baton records nothing.
struct AttemptSpan: Sendable {
    /// `00-<trace id>-<span id>-<flags>`; `nil` with tracing off (then derived when a runner
    /// needs it: most tasks do not, and tracing off costs a branch).
    let traceparent: String?
    let span: (any Span)?

    /// Tracing off.
    static let none = AttemptSpan(traceparent: nil, span: nil)

    /// The `traceparent` of the attempt running in this task, set by the engine around a
    /// runner's work. A task-local, as swift-distributed-tracing passes its `ServiceContext`,
    /// so no runner's signature carries tracing; `nil` with tracing off or outside an engine.
    @TaskLocal static var current: String?

    /// The current attempt's `traceparent`, else one naming `task`'s job span, not sampled.
    static func traceparent(for task: ClaimedTask) -> String {
        current ?? JobTrace(job: task.jobUUID).traceparent(sampled: false)
    }

    /// Ends the span now with the attempt's outcome: `baton.task.status` `success` or `failed`,
    /// and on failure an error status without a message. The error's text stays out: it can
    /// quote the task's output or an http task's URL, either of which may hold a secret.
    func end(_ result: TaskOutcome.Result) {
        guard let span else { return }
        span.attributes["baton.task.status"] = result.statusName
        if case .failed = result { span.setStatus(SpanStatus(code: .error)) }
        span.end()
    }
}
