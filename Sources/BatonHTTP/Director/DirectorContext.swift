import BatonStore
import Hummingbird

/// The request context of Director's `/api`: the body read before routing and, past
/// `DirectorAuthMiddleware`, who is calling.
struct DirectorContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The whole request body (`RequestBodyMiddleware`).
    let body: ByteBuffer
    /// The caller; nil on the open endpoints and with auth off.
    var user: UserRecord?

    init(context: BatonContext) {
        // The parent's storage as is: it holds the parameters the router took from the path.
        coreContext = context.coreContext
        body = context.body
    }
}
