import Hummingbird

extension WebAPI {
    /// The web page's paths on the router, all answered by `respond(to:)` as one unit: its
    /// assets, its JSON under `/ui/` and the event stream. Any other method on them is
    /// `Unrouted`'s, which hands `/ui/` and the assets back to the page and `/api/events` to
    /// Director's 405.
    func addRoutes(to routes: some RouterMethods<BatonContext>) {
        let respond: @Sendable (Request, BatonContext) async throws -> Response = { request, _ in await self.respond(to: request)
        }
        for path in ["/", "/index.html", "/favicon.ico", "/favicon.svg", DirectorAPI.eventsPath] {
            routes.getAndHead(RouterPath(path), use: respond)
        }
        routes.getAndHead("/ui/**", use: respond)
        routes.post("/ui/**", use: respond)
    }
}
