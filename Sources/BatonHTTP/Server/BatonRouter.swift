import BatonEngine
import Hummingbird
import Logging

/// Baton's HTTP routes on Hummingbird's router: Director's `/api` and Explorer's
/// `/api-open/v1` as groups with their own request contexts, the web page and `/metrics`.
struct BatonRouter {
    let director: DirectorAPI
    let explorer: ExplorerAPI
    let web: WebAPI
    let metrics: MetricsEndpoint
    let maxBodyBytes: Int
    let logger: Logger

    /// The router and the table of its routes. Middleware order: the request log outermost,
    /// then the body, then the check for paths with empty segments; answers for requests no
    /// route takes wrap the router's not-found responder only.
    func build() -> (router: Router<BatonContext>, routes: RouteTable) {
        let router = Router(context: BatonContext.self)
        let unrouted = Unrouted(web: web)
        router.add(middleware: RequestLogMiddleware(metrics: metrics.service.metrics, logger: logger))
        router.add(middleware: RequestBodyMiddleware(maxBodyBytes: maxBodyBytes))
        router.add(middleware: ExactPathMiddleware(unrouted: unrouted))
        let recorder = RouteRecorder(router)
        metrics.addRoutes(to: recorder)
        web.addRoutes(to: recorder)
        director.addRoutes(to: recorder)
        explorer.addRoutes(to: recorder)
        // After every route: a router's middleware wraps the routes added after it, and the
        // not-found responder, which is built last.
        router.add(middleware: UnroutedMiddleware(unrouted: unrouted, routes: recorder.table))
        return (router, recorder.table)
    }
}
