import BatonEngine
import BatonStore
import Hummingbird

/// `GET /metrics`: the Prometheus text exposition of `BatonMetrics`, behind the same
/// credentials as Director's API when auth is on (docs/operations.md#metrics).
struct MetricsEndpoint: Sendable {
    let service: JobService
    /// nil: auth is off.
    let authenticator: Authenticator?

    static let path = "/metrics"

    /// `GET` and `HEAD`; any other method is `Unrouted`'s bare 405 with `Allow`.
    func addRoutes(to routes: some RouterMethods<BatonContext>) {
        routes.getAndHead(RouterPath(Self.path)) { request, _ in await respond(to: request) }
    }

    private func respond(to request: Request) async -> Response {
        if let authenticator, await authenticator.anyUser(request) == nil {
            return Response(status: .unauthorized, headers: [.wwwAuthenticate: #"Basic realm="Authentication Required""#])
        }
        // The one gauge that is a count of rows rather than of events: read from the store's
        // ready-task index at scrape time.
        if let counts = try? await service.store.taskReadyCounts() { service.metrics.readyTasks(counts) }
        let body = service.metrics.exposition()
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
