import Hummingbird

/// The request context at the router's root: the body, read whole before routing
/// (`RequestBodyMiddleware`), for every dialect's context to take over.
struct BatonContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The request's body; empty until `RequestBodyMiddleware` has read it.
    var body = ByteBuffer()

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}
