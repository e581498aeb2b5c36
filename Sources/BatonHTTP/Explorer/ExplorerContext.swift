import BatonStore
import Hummingbird

/// The request context of Explorer's `/api-open/v1`: the body read before routing and, past
/// `ExplorerAuthMiddleware`, whose token the request carries.
struct ExplorerContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The whole request body (`RequestBodyMiddleware`).
    let body: ByteBuffer
    /// The token's user; nil on `connect` and the API's document.
    var user: UserRecord?

    init(context: BatonContext) {
        // The parent's storage as is: it holds the parameters the router took from the path.
        coreContext = context.coreContext
        body = context.body
    }
}
