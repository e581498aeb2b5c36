import Hummingbird

/// Reads the whole body, within the limit, before anything answers: every answer, early
/// refusals (404, 405, 401) included, then leaves the connection ready for the client's next
/// request, and each endpoint takes the body from its context instead of reading it again.
struct RequestBodyMiddleware: RouterMiddleware {
    typealias Context = BatonContext
    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        var request = request
        var context = context
        do {
            context.body = try await request.collectBody(upTo: maxBodyBytes)
        } catch {
            // 413 in the shape of the dialect the path belongs to (Director's where none does).
            switch Dialect(request) {
            case .explorer: return ExplorerError.tooLarge(maxBodyBytes).response.traced(for: request)
            case .web: return WebError(.contentTooLarge, "the body is larger than \(maxBodyBytes) bytes").response
            case .director, .metrics, .none: return DirectorError.tooLarge.response
            }
        }
        return try await next(request, context)
    }
}
