import BatonCore
import CoreMetrics
import Foundation
import BatonStore
import Prometheus

/// The metric families of `GET /metrics` (docs/operations.md#metrics), fed where the events
/// happen: job submissions and cancels in `JobService`, attempts and store commits in the
/// `Engine`, requests in the HTTP responder. Each server has a registry of its own (so several
/// can run in one process, as tests do) behind swift-metrics' API.
///
/// Units: durations in seconds (Prometheus histograms); statuses in Baton's internal names
/// (`success`, `failed`, `interrupted`, …).
public final class BatonMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory
    // The families without labels, made once: each event would otherwise look them up in the
    // registry (a lock and a hash) on the engine's hot path.
    private let runningTasks: CoreMetrics.Gauge
    private let dispatchLatency: CoreMetrics.Timer
    private let storeCommit: CoreMetrics.Timer

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // A commit takes from tens of microseconds (SQLite) to milliseconds (PostgreSQL); the
        // defaults start at 5 ms.
        factory.durationHistogramBuckets["baton_store_commit_seconds"] = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .seconds(1),
        ]
        factory.durationHistogramBuckets["baton_task_dispatch_latency_seconds"] = [
            .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
            .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .seconds(5),
        ]
        self.factory = factory
        runningTasks = Gauge(label: "baton_running_tasks", factory: factory)
        dispatchLatency = Timer(label: "baton_task_dispatch_latency_seconds", factory: factory)
        storeCommit = Timer(label: "baton_store_commit_seconds", factory: factory)
        // Present from the start, so a scrape before the first job shows it at 0.
        runningTasks.record(0)
    }

    /// A job was stored (any client: either API, the CLI, a schedule).
    public func jobSubmitted(workflow: String) {
        Counter(label: "baton_jobs_submitted_total", dimensions: [("workflow", workflow)], factory: factory).increment()
    }

    /// A job reached a terminal status.
    public func jobEnded(workflow: String, status: JobStatus) {
        Counter(
            label: "baton_jobs_ended_total", dimensions: [("workflow", workflow), ("status", status.name)],
            factory: factory
        ).increment()
    }

    /// An attempt of a task of `kind` (`shell`, `http`, `swift`, …) ended after `seconds`.
    func attemptEnded(kind: String, status: String, seconds: Double) {
        Counter(
            label: "baton_task_attempts_ended_total", dimensions: [("kind", kind), ("status", status)],
            factory: factory
        ).increment()
        Timer(label: "baton_task_duration_seconds", dimensions: [("kind", kind)], factory: factory)
            .recordNanoseconds(Int64(seconds * 1e9))
    }

    /// Time from a task becoming runnable (its parents committed) to its attempt starting.
    func dispatched(after seconds: Double) {
        dispatchLatency.recordNanoseconds(Int64(max(0, seconds) * 1e9))
    }

    /// Tasks this process runs right now.
    func running(_ count: Int) {
        runningTasks.record(count)
    }

    /// A store transaction committed after `seconds`.
    public func storeCommitted(seconds: Double) {
        storeCommit.recordNanoseconds(Int64(seconds * 1e9))
    }

    /// An HTTP request answered; `dialect` is `director`, `explorer`, `web` or `metrics`.
    public func httpRequest(dialect: String, status: Int) {
        Counter(
            label: "baton_http_requests_total", dimensions: [("dialect", dialect), ("status", String(status))],
            factory: factory
        ).increment()
    }

    /// Tasks ready to run, by queue, as the store counts them at scrape time.
    public func readyTasks(_ counts: [String: Int]) {
        for (queue, count) in counts {
            Gauge(label: "baton_ready_tasks", dimensions: [("queue", queue)], factory: factory).record(count)
        }
    }

    /// The Prometheus text exposition (format 0.0.4) of every family.
    public func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}

extension TaskOutcome.Result {
    /// The `status` label of an ended attempt: `failed` (a retry may follow), `skipped`, or
    /// `success` (a fan-out step that expanded or a sub-workflow step that started its job too).
    var statusName: String {
        switch self {
        case .failed: return "failed"
        case .skipped: return "skipped"
        case .succeeded, .fannedOut, .startedChild: return "success"
        }
    }
}

extension Duration {
    /// The duration in seconds, as a real number.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
