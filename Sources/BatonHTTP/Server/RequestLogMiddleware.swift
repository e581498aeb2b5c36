import BatonCore
import BatonEngine
import Hummingbird
import Logging

/// One log line and one `baton_http_requests_total{dialect,status}` count per request, whatever
/// answered it. The outermost middleware: it sees every answer, the router's own included.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = BatonContext
    let metrics: BatonMetrics
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        let started = ContinuousClock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            // Every dialect renders its own errors; this is a failure outside all of them.
            logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            response = .json(["error": "internal error: the failure was logged"], status: .internalServerError)
        }
        metrics.httpRequest(dialect: Dialect(request).rawValue, status: Int(response.status.code))
        logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue), "path": .string(request.uri.path),
                "status": .string(String(response.status.code)), "ms": .string(Self.milliseconds(started.duration(to: .now))),
            ])
        return response
    }

    /// Milliseconds with two decimals, without String(format:) (it costs as much as a small request).
    static func milliseconds(_ duration: Duration) -> String {
        let hundredths = duration.components.seconds * 100_000 + duration.components.attoseconds / 10_000_000_000_000
        return "\(hundredths / 100).\(UTCText.digits(Int(hundredths % 100), 2))"
    }
}
