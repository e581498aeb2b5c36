import BatonCore
import Hummingbird

/// The answer to a request no endpoint takes, in the dialect its path belongs to: a known path
/// asked with a method it does not take is 405 with `Allow` (Director also answers OPTIONS
/// with `Allow`), an unknown path 404. The web page answers every path it owns itself.
struct Unrouted: Sendable {
    let web: WebAPI

    /// `allowed`: the methods the request's path takes; nil when no route has that path.
    func response(to request: Request, allowed: [HTTPRequest.Method]?) async -> Response {
        let method = request.method
        switch Dialect(request) {
        case .web:
            return await web.respond(to: request)
        case .director:
            guard let allowed else { return DirectorError.notFound.response }
            // Flask's list: the path's methods, then HEAD and OPTIONS, on every path.
            let allow = (allowed.filter { $0 != .head } + [.head, .options]).map(\.rawValue).joined(separator: ", ")
            if method == .options { return Response(status: .ok, headers: [.allow: allow, .contentLength: "0"]) }
            return DirectorError.methodNotAllowed(allow: allow).response
        case .explorer:
            let error =
                allowed.map { ExplorerError.methodNotAllowed(method.rawValue, path: request.uri.path, allow: $0) }
                ?? ExplorerError.notFound("no such endpoint: \(method.rawValue) \(request.uri.path)")
            return error.response.traced(for: request)
        case .metrics:
            let allow = (allowed ?? []).map(\.rawValue).joined(separator: ", ")
            return Response(status: .methodNotAllowed, headers: [.allow: allow])
        case .none:
            return .json(["error": "not found"], status: .notFound)
        }
    }

    /// Whether every segment of `path` is non-empty (or `path` is `/`). Hummingbird's router
    /// skips empty segments (`/api/workflows/` finds `/api/workflows`); Baton's APIs never
    /// took such a path for another.
    static func isExact(_ path: String) -> Bool {
        path == "/"
            || (path.hasPrefix("/")
                && !path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).contains(where: \.isEmpty))
    }
}

/// Added to the router after every route, so that it wraps only the router's not-found
/// responder: the router found no endpoint for the path and method.
struct UnroutedMiddleware: RouterMiddleware {
    typealias Context = BatonContext
    let unrouted: Unrouted
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        await unrouted.response(to: request, allowed: routes.methods(for: request.uri.path))
    }
}

/// Added before every route: a path with an empty segment is no route's, whatever the router
/// would make of it.
struct ExactPathMiddleware: RouterMiddleware {
    typealias Context = BatonContext
    let unrouted: Unrouted

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        guard Unrouted.isExact(request.uri.path) else { return await unrouted.response(to: request, allowed: nil) }
        return try await next(request, context)
    }
}
