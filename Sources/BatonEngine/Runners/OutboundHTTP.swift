import AsyncHTTPClient
import NIOPosix

/// The one HTTP client Baton's own requests go through: `http` tasks and the job-span exporter.
///
/// AsyncHTTPClient's browser-like settings (redirects followed, TLS verified) on the event loops
/// the server already runs, with two changes. A refused connection fails the request at once
/// instead of being retried until the request's deadline, so an `http` task whose server is down
/// fails in milliseconds (and is retried by Baton's own `retries`), as it did with URLSession.
/// And there is no idle-read limit of the client's own: each caller bounds its whole request
/// (an `http` task by its `timeout`, the exporter by its patience), and a 90 s idle limit would
/// cut a slow answer that a longer `timeout` allows.
enum OutboundHTTP {
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.read = nil
        return HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }()

    /// Errors of a request that trying again cannot mend: the URL or a header the task built.
    private static let permanent: Set<String> = [
        "Invalid URL", "Empty host", "Empty scheme", "Unsupported scheme", "Invalid header field names",
        "Invalid header field values", "Incompatible headers", "Trace request with body",
    ]

    /// An error's text for a task's error or a log line, and whether trying again can help.
    /// AsyncHTTPClient's own errors are given by name only: their values may be a header the
    /// client refused, such as a credential with a stray newline.
    static func describe(_ error: any Error) -> (text: String, retryable: Bool) {
        guard let error = error as? HTTPClientError else { return ("\(error)", true) }
        return (error.shortDescription, !permanent.contains(error.shortDescription))
    }
}
