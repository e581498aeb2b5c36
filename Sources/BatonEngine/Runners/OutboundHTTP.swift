import AsyncHTTPClient
import NIOPosix

/// The one HTTP client Baton's own requests go through: `http` tasks and the job-span exporter.
///
/// AsyncHTTPClient's browser-like settings (redirects followed, TLS verified) on the event loops
/// the server already runs, with one change: a refused connection fails the request at once
/// instead of being retried until the request's deadline, so an `http` task whose server is down
/// fails in milliseconds (and is retried by Baton's own `retries`), as it did with URLSession.
enum OutboundHTTP {
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }()
}
