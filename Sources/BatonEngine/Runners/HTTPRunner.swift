import BatonCore
import BatonStore
import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Runs an `http` task: 2xx is success and a JSON response body is the result.
struct HTTPRunner {
    let call: HTTPCall

    func run(_ context: AttemptContext) async -> AttemptResult {
        let values = Template.values(for: context.task)
        let urlText = Template.render(call.url, values, encode: Template.urlComponent)
        guard let url = URL(string: urlText) else {
            return AttemptResult(result: .failed(TaskError(exception: "bad URL \(urlText)"), retryable: false))
        }
        var request = URLRequest(url: url)
        request.httpMethod = call.method
        request.timeoutInterval = context.task.body.timeout ?? 60
        // W3C Trace Context (see AttemptSpan); a `traceparent` the task sets itself wins.
        request.setValue(AttemptSpan.traceparent(for: context.task), forHTTPHeaderField: "traceparent")
        for (name, value) in call.headers { request.setValue(Template.render(value, values), forHTTPHeaderField: name) }
        if let body = call.body {
            request.httpBody = Template.render(body, values).jsonData
            if request.value(forHTTPHeaderField: "Content-Type") == nil {
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            }
        }
        let line = "\(call.method) \(urlText)"
        do {
            let (data, response) = try await URLSession.shared.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
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
        } catch {
            if Task.isCancelled {
                return AttemptResult(result: .failed(TaskError(exception: "canceled"), retryable: false), log: line)
            }
            return AttemptResult(
                result: .failed(TaskError(exception: "\(line) failed: \(error.localizedDescription)"), retryable: true), log: line
            )
        }
    }
}
