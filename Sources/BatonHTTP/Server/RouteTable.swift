import Hummingbird

/// Every route the router holds, with its methods in the order they were added: what a path
/// takes when the router finds no endpoint for the request's method (405 and `Allow`), and
/// the list the OpenAPI documents must match.
struct RouteTable: Sendable {
    /// One path (Hummingbird's syntax: `/api/workflows/:id`) and the methods it takes.
    struct Route: Sendable {
        let path: RouterPath
        var methods: [HTTPRequest.Method]
    }

    private(set) var routes: [Route] = []

    mutating func add(_ path: RouterPath, _ method: HTTPRequest.Method) {
        if let index = routes.firstIndex(where: { $0.path == path }) {
            routes[index].methods.append(method)
        } else {
            routes.append(Route(path: path, methods: [method]))
        }
    }

    /// The methods of the route whose path `path` is; nil when no route has it. A segment
    /// matches a parameter only when it is not empty, as the hand-written routers had it.
    func methods(for path: String) -> [HTTPRequest.Method]? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        return routes.first { Self.matches($0.path, Array(segments)) }?.methods
    }

    private static func matches(_ route: RouterPath, _ segments: [Substring]) -> Bool {
        for (index, element) in route.components.enumerated() {
            if element == .recursiveWildcard { return segments.count > index }
            guard index < segments.count, !segments[index].isEmpty, element ~= segments[index] else { return false }
        }
        return segments.count == route.components.count
    }
}

/// The router seen through the routes it is given: each one is added to the router and
/// written down in `table`.
final class RouteRecorder: RouterMethods {
    typealias Context = BatonContext
    let router: Router<BatonContext>
    private(set) var table = RouteTable()

    init(_ router: Router<BatonContext>) {
        self.router = router
    }

    @discardableResult func on<Responder: HTTPResponder>(
        _ path: RouterPath, method: HTTPRequest.Method, responder: Responder
    ) -> Self where Responder.Context == BatonContext {
        table.add(path, method)
        router.on(path, method: method, responder: responder)
        return self
    }

    @discardableResult func add(middleware: any MiddlewareProtocol<Request, Response, BatonContext>) -> Self {
        router.add(middleware: middleware)
        return self
    }
}
