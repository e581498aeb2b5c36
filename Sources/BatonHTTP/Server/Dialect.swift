import Hummingbird

/// Which API a request belongs to, by its path alone: the shape of the answers the router
/// itself gives (404, 405, 413) and the `dialect` label of `baton_http_requests_total`.
enum Dialect: String, Sendable {
    case director, explorer, web, metrics
    /// No API's path: answered with a plain JSON 404.
    case none

    init(_ request: Request) {
        let path = request.uri.path
        if path == MetricsEndpoint.path {
            self = .metrics
        } else if WebAPI.handles(path)
            // The web page's event stream lives under /api but only answers GET (and HEAD); any
            // other method there gets the Director dialect's 405 with Allow, as on its other paths.
            && !(path == DirectorAPI.eventsPath && request.method != .get && request.method != .head)
        {
            self = .web
        } else if path == "/api" || path.hasPrefix("/api/") {
            self = .director
        } else if path == "/api-open/v1" || path.hasPrefix("/api-open/v1/") {
            self = .explorer
        } else {
            self = .none
        }
    }
}
