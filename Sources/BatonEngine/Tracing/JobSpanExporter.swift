import Foundation
import Logging
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends job spans (`JobSpan`) to the collector, one OTLP/HTTP protobuf request each
/// (https://opentelemetry.io/docs/specs/otlp/#otlphttp-request), in the order the jobs ended.
/// `export` never waits; `run` sends until `finish` is called and what was queued is sent, so
/// the last job's span is not lost on a graceful shutdown. A failed send is logged and dropped:
/// tracing never holds up or fails the work it describes, and a collector that does not answer
/// holds up a stopping process by at most `patience`.
final class JobSpanExporter: Sendable {
    private let url: URL
    private let serviceName: String
    private let headers: [(String, String)]
    private let logger: Logger
    private let stream: AsyncStream<JobSpan>
    private let queue: AsyncStream<JobSpan>.Continuation
    /// Set by `finish`: spans still queued after it are dropped.
    private let deadline = Mutex<ContinuousClock.Instant?>(nil)
    /// How long a request may take, and how long `finish` lets the queue drain.
    static let patience = Duration.seconds(5)

    init(settings: TracingSettings, environment: [String: String], logger: Logger) {
        url = settings.tracesURL
        serviceName = settings.serviceName
        headers = Self.headers(environment)
        self.logger = logger
        (stream, queue) = AsyncStream.makeStream(of: JobSpan.self)
    }

    func export(_ span: JobSpan) {
        queue.yield(span)
    }

    /// Sends queued spans until `finish`, then what is left, and returns.
    func run() async {
        var dropped = 0
        for await span in stream {
            if let deadline = deadline.withLock({ $0 }), ContinuousClock.now > deadline {
                dropped += 1
                continue
            }
            await send(span)
        }
        if dropped > 0 { logger.warning("dropped \(dropped) job span(s): the trace collector is too slow") }
    }

    /// No more spans: `run` returns once the queued ones are sent.
    func finish() {
        deadline.withLock { $0 = ContinuousClock.now + Self.patience }
        queue.finish()
    }

    private func send(_ span: JobSpan) async {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.timeoutInterval = Self.patience.seconds
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.setValue("application/x-protobuf", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(JobSpan.exportRequest([span], serviceName: serviceName))
        do {
            let (_, response) = try await URLSession.shared.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            if !(200..<300).contains(status) {
                logger.warning("the trace collector refused a job span", metadata: ["status": "\(status)", "url": "\(url)"])
            }
        } catch {
            logger.warning("could not send a job span", metadata: ["error": "\(error.localizedDescription)", "url": "\(url)"])
        }
    }

    /// The headers swift-otel also sends: `OTEL_EXPORTER_OTLP_TRACES_HEADERS`, else
    /// `OTEL_EXPORTER_OTLP_HEADERS`, as `name=value,name=value` with percent-encoded values
    /// (https://opentelemetry.io/docs/specs/otel/protocol/exporter/#specifying-headers-via-environment-variables).
    /// They may hold credentials: never logged.
    static func headers(_ environment: [String: String]) -> [(String, String)] {
        guard let text = environment["OTEL_EXPORTER_OTLP_TRACES_HEADERS"] ?? environment["OTEL_EXPORTER_OTLP_HEADERS"] else { return [] }
        return text.split(separator: ",").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { return nil }
            return (name, value.removingPercentEncoding ?? value)
        }
    }
}
