import BatonCore
import BatonEngine
import BatonStore
import Foundation
import Hummingbird

/// The web page (SPEC §11): its files at `/` and `/ui/` (WebAssets), the JSON it reads under
/// `/ui/`, and the live event stream at `/api/events`. With auth on, nothing but the page's
/// files, the session check and the login answers without a logged-in user.
struct WebAPI: Sendable {
    let service: JobService
    let authenticator: Authenticator
    let authEnabled: Bool
    let feed: ChangeFeed
    let logs: LogFollower
    let maxBodyBytes: Int
    static let maxPerPage = 200
    static let maxRowsPerPage = 1000

    /// Whether this API answers `path` (the responder asks before the Director API).
    static func handles(_ path: String) -> Bool {
        path == "/" || path == "/index.html" || path == "/favicon.ico" || path == "/favicon.svg" || path == "/api/events"
            || path.hasPrefix("/ui/")
    }

    func respond(to request: Request) async -> Response {
        do {
            return try await handle(request)
        } catch let error as WebError {
            return error.response
        } catch {
            return WebError(.internalServerError, "internal error: the failure was logged").response
        }
    }

    private func handle(_ request: Request) async throws -> Response {
        let path = request.uri.path
        let method = request.method == .head ? .get : request.method
        if method == .get, let asset = WebAssets.response(for: path, ifNoneMatch: request.headers[.ifNoneMatch]) { return asset }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst(2).map { String($0) }
        switch (method, path) {
        case (.get, "/ui/session"): return try await session(request)
        case (.post, "/ui/login"): return try await login(request)
        case (.post, "/ui/logout"): return logout()
        default: break
        }
        if authEnabled, await authenticator.anyUser(request) == nil { throw WebError.unauthorized }
        if method == .get && path == "/api/events" { return EventStream.response(feed.subscribe()) }
        // A JSON body is required on every change: a cross-site form cannot send one without
        // the browser asking first (CORS), so a logged-in browser cannot be made to act.
        let body = method == .post ? try await json(request) : [:]
        switch (method, parts.count, parts.first) {
        case (.get, 1, "jobs"): return try await jobs(request)
        case (.get, 2, "jobs"): return try await job(parts[1])
        case (.post, 3, "jobs") where ["cancel", "relaunch", "retry"].contains(parts[2]):
            return try await act(parts[2], on: parts[1])
        case (.post, 3, "jobs") where parts[2] == "rerun": return try await rerun(body, job: parts[1])
        case (.get, 5, "jobs") where parts[2] == "tasks" && parts[4] == "log": return try await log(job: parts[1], task: parts[3])
        case (.get, 6, "jobs") where parts[2] == "tasks" && parts[4] == "log" && parts[5] == "stream":
            return try await followLog(job: parts[1], task: parts[3])
        case (.get, 5, "jobs") where parts[2] == "tasks" && parts[4] == "rows":
            return try await rows(request, job: parts[1], task: parts[3])
        case (.get, 5, "jobs") where parts[2] == "tasks" && parts[4] == "rows.csv":
            return try await csv(job: parts[1], task: parts[3])
        case (.get, 5, "jobs") where parts[2] == "tasks" && parts[4] == "histogram":
            return try await histogram(request, job: parts[1], task: parts[3])
        case (.get, 1, "job-counts"): return try await jobCounts()
        case (.get, 1, "definitions"): return .json(.array(service.definitions.workflows.map(WebShapes.definition)))
        case (.post, 3, "definitions") where parts[2] == "run": return try await run(body, workflow: parts[1])
        default: throw WebError(.notFound, "no such page or endpoint: \(request.method.rawValue) \(path)")
        }
    }

    /// The request body as a JSON object; only `application/json` is accepted.
    func json(_ request: Request) async throws -> [String: JSON] {
        let mediaType = request.headers[.contentType]?.split(separator: ";").first?
            .trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType == "application/json" else {
            throw WebError(.unsupportedMediaType, "send the request body as Content-Type: application/json")
        }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: maxBodyBytes) } catch {
            throw WebError(.contentTooLarge, "the body is larger than \(maxBodyBytes) bytes")
        }
        if buffer.readableBytes == 0 { return [:] }
        guard case .object(let members) = try? JSON.parse(Data(buffer.readableBytesView)) else {
            throw WebError(.badRequest, "the body must be a JSON object")
        }
        return members
    }
}

/// An error the page shows as is: `{"error": "...", "errors": [...]}`.
struct WebError: Error {
    let status: HTTPResponse.Status
    let message: String
    var errors: [String] = []

    init(_ status: HTTPResponse.Status, _ message: String, errors: [String] = []) {
        self.status = status
        self.message = message
        self.errors = errors
    }

    /// No `WWW-Authenticate` header: it would make the browser pop up its own password dialog.
    static let unauthorized = WebError(.unauthorized, "unauthorized: log in first")

    var response: Response {
        var body: [String: JSON] = ["error": .string(message)]
        if !errors.isEmpty { body["errors"] = .array(errors.map(JSON.string)) }
        return .json(.object(body), status: status, headers: [.cacheControl: "no-store"])
    }
}
