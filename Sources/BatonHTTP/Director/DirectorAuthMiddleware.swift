import Hummingbird

/// With auth on, Director's endpoints but `ping` and its document need HTTP Basic credentials
/// or a token (401 in Director's shape otherwise); the caller goes into the context.
struct DirectorAuthMiddleware: RouterMiddleware {
    typealias Context = DirectorContext
    /// nil: auth is off for this API.
    let authenticator: Authenticator?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        guard let authenticator else { return try await next(request, context) }
        guard let user = await authenticator.anyUser(request) else { throw DirectorError.unauthorized }
        var context = context
        context.user = user
        return try await next(request, context)
    }
}
