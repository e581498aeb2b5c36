import BatonEngine
import Foundation
import Hummingbird
import Logging

/// Sends each request to its API dialect and logs one line per request.
struct BatonResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let director: DirectorAPI
    let logger: Logger

    func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        let path = request.uri.path
        let response: Response
        if path == "/api" || path.hasPrefix("/api/") {
            response = await director.respond(to: request)
        } else {
            response = .json(["error": "not found"], status: .notFound)
        }
        let elapsed = started.duration(to: .now)
        logger.info("request", metadata: [
            "method": "\(request.method.rawValue)", "path": "\(path)", "status": "\(response.status.code)",
            "ms": "\(String(format: "%.2f", Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000))",
        ])
        return response
    }
}
