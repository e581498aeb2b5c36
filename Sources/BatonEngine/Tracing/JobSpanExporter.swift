import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// Sends job spans (`JobSpan`) to the collector as OTLP/HTTP protobuf requests
/// (https://opentelemetry.io/docs/specs/otlp/#otlphttp-request), in the order the jobs ended:
/// what queued up while one request was out goes in the next, up to `maxBatch` spans. `export`
/// never waits; `run` sends until `finish` is called and what was queued is sent, so the last
/// job's span is not lost on a graceful shutdown. Tracing never holds up or fails the work it
/// describes: a failed request is logged and its spans dropped, at most `maxQueued` spans wait
/// (later ones are dropped, as swift-otel's batch processor does), and a collector that does
/// not answer holds up a stopping process by at most `patience`.
final class JobSpanExporter: Sendable {
    static let maxQueued = 2048
    static let maxBatch = 512
    /// How long a request may take, and how long `finish` lets the queue drain.
    static let patience = Duration.seconds(5)

    private struct State {
        var queued: [JobSpan] = []
        /// Set by `finish`: no more spans are taken, and those still queued after it are dropped.
        var deadline: ContinuousClock.Instant?
        var dropped = 0
    }

    private let url: URL
    private let serviceName: String
    private let headers: [(String, String)]
    private let logger: Logger
    private let state = Mutex(State())
    private let wakeup = Wakeup()

    init(settings: TracingSettings, environment: [String: String], logger: Logger) {
        url = settings.tracesURL
        serviceName = settings.serviceName
        headers = Self.headers(environment)
        self.logger = logger
    }

    func export(_ span: JobSpan) {
        let queued = state.withLock { state in
            guard state.deadline == nil, state.queued.count < Self.maxQueued else {
                state.dropped += 1
                return false
            }
            state.queued.append(span)
            return true
        }
        if queued { wakeup.signal() }
    }

    /// Sends queued spans until `finish`, then what is left, and returns.
    func run() async {
        while true {
            let (batch, deadline, dropped) = state.withLock { state in
                let batch = Array(state.queued.prefix(Self.maxBatch))
                state.queued.removeFirst(batch.count)
                defer { state.dropped = 0 }
                return (batch, state.deadline, state.dropped)
            }
            if dropped > 0 { logger.warning("dropped \(dropped) job span(s): the trace collector is too slow") }
            if let deadline, batch.isEmpty || ContinuousClock.now > deadline {
                let left = state.withLock { state in
                    defer { state.queued = [] }
                    return state.queued.count + batch.count
                }
                if left > 0 { logger.warning("dropped \(left) job span(s) on the way out: the trace collector is too slow") }
                return
            }
            if batch.isEmpty {
                await wakeup.wait(timeout: .seconds(60))
            } else {
                await send(batch)
            }
        }
    }

    /// No more spans: `run` returns once the queued ones are sent, or after `patience`.
    func finish() {
        state.withLock { $0.deadline = ContinuousClock.now + Self.patience }
        wakeup.signal()
    }

    private func send(_ spans: [JobSpan]) async {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        request.headers.replaceOrAdd(name: "Content-Type", value: "application/x-protobuf")
        request.body = .bytes(ByteBuffer(bytes: JobSpan.exportRequest(spans, serviceName: serviceName)))
        do {
            // Until the answer's head; its body (an ExportTraceServiceResponse) is not read, so a
            // collector that stalls after the head cannot hold the exporter (AsyncHTTPClient
            // closes the connection of a body left unread).
            let response = try await OutboundHTTP.client.execute(
                request, timeout: .milliseconds(Int64(Self.patience.seconds * 1000)))
            let status = Int(response.status.code)
            if !(200..<300).contains(status) {
                logger.warning(
                    "the trace collector refused \(spans.count) job span(s)", metadata: ["status": "\(status)", "url": "\(url)"])
            }
        } catch {
            logger.warning(
                "could not send \(spans.count) job span(s)",
                metadata: ["error": "\(OutboundHTTP.describe(error).text)", "url": "\(url)"])
        }
    }

    /// The headers swift-otel also sends: `OTEL_EXPORTER_OTLP_TRACES_HEADERS`, else
    /// `OTEL_EXPORTER_OTLP_HEADERS`, as `name=value,name=value` with percent-encoded values
    /// (https://opentelemetry.io/docs/specs/otel/protocol/exporter/#specifying-headers-via-environment-variables).
    /// They may hold credentials: never logged.
    static func headers(_ environment: [String: String]) -> [(String, String)] {
        guard let text = environment["OTEL_EXPORTER_OTLP_TRACES_HEADERS"] ?? environment["OTEL_EXPORTER_OTLP_HEADERS"] else {
            return []
        }
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
