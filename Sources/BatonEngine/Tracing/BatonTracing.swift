import BatonCore
import BatonStore
import Foundation
import Logging
import OTel
import ServiceLifecycle
import Tracing

/// Tracing of jobs and task attempts (SPEC §14), exported over OTLP/HTTP when baton.yml sets
/// `tracing.otlp_endpoint`; `off` otherwise, where each hook is one branch.
///
/// Attempt spans come from swift-otel's tracer (batched, sent every few seconds); a job's span
/// is sent by `JobSpanExporter` when the job ends, with the id its attempts already name
/// (`JobTrace`). Run the exporters with `run(around:)`; it flushes both when the work inside
/// returns, so the spans of the last job are sent before the process exits. swift-otel also
/// honours the `OTEL_*` environment variables of the OpenTelemetry specification (headers,
/// compression, timeout, sampler), read once at `init`.
public final class BatonTracing: Sendable {
    /// No spans; tasks still get a `traceparent` naming their job (see `AttemptSpan`).
    public static let off = BatonTracing(backend: nil)

    private struct Backend: Sendable {
        let tracer: any Tracer
        /// swift-otel's services (exporter, batch processor, tracer), run by `run(around:)`.
        let services: ServiceGroup
        let jobSpans: JobSpanExporter
    }

    private let backend: Backend?

    private init(backend: Backend?) {
        self.backend = backend
    }

    /// Spans go to `settings.tracesURL`. `environment` gives the job span exporter its
    /// `OTEL_EXPORTER_OTLP_(TRACES_)HEADERS`; swift-otel reads the process's own. Throws
    /// swift-otel's configuration error when an `OTEL_*` variable is invalid.
    public convenience init(
        settings: TracingSettings, logger: Logger = Logger(label: "baton.tracing"),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        var configuration = OTel.Configuration.default
        configuration.serviceName = settings.serviceName
        // swift-otel's own problems (a collector that is down) go to Baton's log, not stdout.
        configuration.diagnosticLogger = .custom(logger)
        configuration.metrics.enabled = false
        configuration.logs.enabled = false
        configuration.traces.otlpExporter.endpoint = settings.tracesURL.absoluteString
        configuration.traces.otlpExporter.protocol = .httpProtobuf
        // Every attempt is traced unless the OTEL_TRACES_SAMPLER variables say otherwise.
        configuration.traces.sampler = .parentBasedAlwaysOn
        // A collector that does not answer holds up a stopping process by seconds, not the
        // defaults' 30 (swift-otel retries a refused connection until the export times out).
        configuration.traces.otlpExporter.timeout = JobSpanExporter.patience
        configuration.traces.batchSpanProcessor.exportTimeout = JobSpanExporter.patience
        let (tracer, service) = try OTel.makeTracingBackend(configuration: configuration)
        var quiet = logger
        quiet.logLevel = .warning
        let services = ServiceGroup(configuration: .init(services: [service], logger: quiet))
        self.init(
            backend: Backend(
                tracer: tracer, services: services,
                jobSpans: JobSpanExporter(settings: settings, environment: environment, logger: logger)))
    }

    /// Whether spans are exported.
    public var isOn: Bool { backend != nil }

    /// Runs the exporters while `body` runs; when it returns or throws, sends what is queued
    /// (both exporters) and returns or rethrows. The exporters run outside the caller's task,
    /// so a cancelled caller (SIGTERM) still gets its spans sent.
    public func run<T: Sendable>(around body: () async throws -> T) async throws -> T {
        guard let backend else { return try await body() }
        let services = Task { try await backend.services.run() }
        let jobSpans = Task { await backend.jobSpans.run() }
        let result: Result<T, any Error>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        backend.jobSpans.finish()
        await jobSpans.value
        // Graceful shutdown ends the tracer, then the batch processor sends what it holds, then the exporter stops.
        await backend.services.triggerGracefulShutdown()
        _ = try? await services.value
        return try result.get()
    }

    /// Starts the span of `task`'s attempt, now, as a child of its job's span.
    func attemptStarted(_ task: ClaimedTask) -> AttemptSpan {
        guard let tracer = backend?.tracer else { return .none }
        let job = JobTrace(job: task.jobUUID)
        var parent = ServiceContext.topLevel
        tracer.extract(["traceparent": job.traceparent(sampled: true)], into: &parent, using: HeaderValues())
        let span = tracer.startSpan("task \(task.key)", context: parent, ofKind: .internal)
        span.attributes["baton.job.number"] = task.job
        span.attributes["baton.job.uuid"] = task.jobUUID.uuidString.lowercased()
        span.attributes["baton.task.key"] = task.key
        span.attributes["baton.task.uuid"] = task.uuid.uuidString.lowercased()
        span.attributes["baton.task.attempt"] = task.attempt
        span.attributes["baton.task.kind"] = task.body.kind.name
        var carrier: [String: String] = [:]
        tracer.inject(span.context, into: &carrier, using: HeaderValues())
        return AttemptSpan(traceparent: carrier["traceparent"] ?? job.traceparent(sampled: true), span: span)
    }

    /// Sends the span of a job this process ended.
    func jobEnded(_ job: EndedJob) {
        guard let backend, let span = JobSpan(job) else { return }
        backend.jobSpans.export(span)
    }
}

/// Trace headers in a dictionary, for swift-otel's W3C propagator (`traceparent`, `tracestate`).
private struct HeaderValues: Extractor, Injector {
    func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) { carrier[key] = value }
}
