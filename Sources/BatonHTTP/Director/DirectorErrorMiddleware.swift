import Hummingbird
import Logging

/// Renders whatever a Director endpoint throws in Director's shape: a `DirectorError` as it
/// is, anything else as a 500 whose detail goes to the log.
struct DirectorErrorMiddleware: RouterMiddleware {
    typealias Context = DirectorContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as DirectorError {
            return error.response
        } catch {
            context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return DirectorError.internalError.response
        }
    }
}
