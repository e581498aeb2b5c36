import Hummingbird

/// Explorer's endpoints but `connect` and its document need a token from `connect` (401 in
/// Explorer's envelope otherwise: `ErrUnauthorized`, or `ErrSession` once its session has
/// ended); the token's user goes into the context.
struct ExplorerAuthMiddleware: RouterMiddleware {
    typealias Context = ExplorerContext
    let authenticator: Authenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        guard let token = Authenticator.token(in: request) else {
            throw ExplorerError.unauthorized("no token: call /api-open/v1/connect first")
        }
        var context = context
        do {
            context.user = try await authenticator.user(token: token)
        } catch .session {
            throw ExplorerError.session("the session of this token has ended; connect again")
        } catch {
            throw ExplorerError.unauthorized("the token is invalid or expired")
        }
        return try await next(request, context)
    }
}
