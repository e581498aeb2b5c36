import BatonCore
import BatonEngine
import Foundation
import Hummingbird
import Logging

/// Sends each request to its API dialect and logs one line per request.
struct BatonResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let director: DirectorAPI
    let explorer: ExplorerAPI
    let web: WebAPI
    let metrics: MetricsEndpoint
    let maxBodyBytes: Int
    let logger: Logger

    func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        let path = request.uri.path
        // The web page's event stream lives under /api but only answers GET (and HEAD); any
        // other method there gets the Director dialect's 405 with Allow, as on its other paths.
        let isWeb = WebAPI.handles(path)
            && !(path == DirectorAPI.eventsPath && request.method != .get && request.method != .head)
        let isDirector = !isWeb && (path == "/api" || path.hasPrefix("/api/"))
        let isExplorer = path == "/api-open/v1" || path.hasPrefix("/api-open/v1/")
        // Read the whole body first, within the limit: every answer, early refusals included,
        // leaves the connection ready for the client's next request.
        var request = request
        let response: Response
        do {
            _ = try await request.collectBody(upTo: maxBodyBytes)
            if path == MetricsEndpoint.path {
                response = await metrics.respond(to: request)
            } else if isWeb {
                response = await web.respond(to: request)
            } else if isDirector {
                response = await director.respond(to: request)
            } else if isExplorer {
                response = await explorer.respond(to: request)
            } else {
                response = .json(["error": "not found"], status: .notFound)
            }
        } catch {
            response = isExplorer ? ExplorerError.tooLarge(maxBodyBytes).response
                : isWeb ? WebError(.contentTooLarge, "the body is larger than \(maxBodyBytes) bytes").response
                : DirectorError.tooLarge.response
        }
        let dialect = path == MetricsEndpoint.path ? "metrics" : isWeb ? "web" : isDirector ? "director" : isExplorer ? "explorer" : "none"
        metrics.service.metrics.httpRequest(dialect: dialect, status: Int(response.status.code))
        let elapsed = started.duration(to: .now)
        logger.info("request", metadata: [
            "method": "\(request.method.rawValue)", "path": "\(path)", "status": "\(response.status.code)",
            "ms": "\(Self.milliseconds(elapsed))",
        ])
        return response
    }

    /// Milliseconds with two decimals, without String(format:) (it costs as much as a small request).
    static func milliseconds(_ duration: Duration) -> String {
        let hundredths = duration.components.seconds * 100_000 + duration.components.attoseconds / 10_000_000_000_000
        return "\(hundredths / 100).\(UTCText.digits(Int(hundredths % 100), 2))"
    }
}
