import Hummingbird
import Logging

/// Explorer's answers: whatever an endpoint throws in Explorer's `{code, message}` envelope (an
/// `ExplorerError` as it is, anything else as a 500 whose detail goes to the log), and every
/// answer, errors included, with a `Traceparent` (SPEC §14).
struct ExplorerResponseMiddleware: RouterMiddleware {
    typealias Context = ExplorerContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        let response: Response
        do {
            response = try await next(request, context)
        } catch let error as ExplorerError {
            response = error.response
        } catch {
            context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            response = ExplorerError.internalServer("the failure was logged").response
        }
        return response.traced(for: request)
    }
}

extension Response {
    /// This response with this server's `Traceparent` for `request`, as every Explorer answer has.
    func traced(for request: Request) -> Response {
        var response = self
        response.headers[TraceParent.header] = TraceParent.forResponse(to: request).description
        return response
    }
}
