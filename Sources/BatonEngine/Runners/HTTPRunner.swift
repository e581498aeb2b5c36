import AsyncHTTPClient
import BatonCore
import BatonStore
import Foundation
import NIOCore
import NIOHTTP1

/// Runs an `http` task: 2xx is success and a JSON response body is the result.
///
/// Requests go through `OutboundHTTP.client` (redirects followed, as URLSession did),
/// on the event loops the server already runs, so Baton links no libcurl. The task's
/// `timeout` bounds the whole attempt, body included (`TaskRunner` runs it under
/// `AttemptDeadline`); the request's own deadline (until the answer's head) is the same.
struct HTTPRunner {
    /// The largest response body read, in bytes; a larger one fails the attempt (not retried).
    static let maxResponseBytes = 64 << 20
    /// Seconds an attempt may take when the task sets no `timeout`.
    static let defaultTimeout: Double = 60

    let call: HTTPCall

    func run(_ context: AttemptContext) async -> AttemptResult {
        let values = Template.values(for: context.task)
        let urlText = Template.render(call.url, values, encode: Template.urlComponent)
        guard let url = URL(string: urlText), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            url.host != nil
        else {
            return AttemptResult(result: .failed(TaskError(exception: "bad URL \(urlText)"), retryable: false))
        }
        var request = HTTPClientRequest(url: urlText)
        request.method = HTTPMethod(rawValue: call.method)
        // W3C Trace Context (see AttemptSpan); a `traceparent` the task sets itself wins.
        request.headers.replaceOrAdd(name: "traceparent", value: AttemptSpan.traceparent(for: context.task))
        for (name, value) in call.headers { request.headers.replaceOrAdd(name: name, value: Template.render(value, values)) }
        if let body = call.body {
            request.body = .bytes(ByteBuffer(bytes: Template.render(body, values).jsonData))
            if !request.headers.contains(name: "Content-Type") {
                request.headers.add(name: "Content-Type", value: "application/json")
            }
        }
        let line = "\(call.method) \(urlText)"
        let timeout = context.task.body.timeout ?? Self.defaultTimeout
        do {
            let response = try await OutboundHTTP.client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            let status = Int(response.status.code)
            let data = Data(try await response.body.collect(upTo: Self.maxResponseBytes).readableBytesView)
            let text = LogTail.capped(data, tailBytes: context.logMaxBytes)
            let log = "\(line) -> \(status)\n\(text)"
            guard (200..<300).contains(status) else {
                return AttemptResult(
                    result: .failed(
                        TaskError(exception: "HTTP status \(status)", traceback: LogTail.lastLines(text)), retryable: true),
                    log: log)
            }
            let result = (try? JSON.parse(data)) ?? (data.isEmpty ? .null : .string(text))
            return AttemptResult(result: .succeeded(result, rows: nil), log: log)
        } catch is NIOTooManyBytesError {
            return AttemptResult(
                result: .failed(
                    TaskError(exception: "\(line): the response body is larger than \(Self.maxResponseBytes) bytes"),
                    retryable: false),
                log: line)
        } catch {
            if Task.isCancelled {
                return AttemptResult(result: .failed(TaskError(exception: "canceled"), retryable: false), log: line)
            }
            let (text, retryable) = OutboundHTTP.describe(error)
            return AttemptResult(
                result: .failed(TaskError(exception: "\(line) failed: \(text)"), retryable: retryable), log: line)
        }
    }
}
