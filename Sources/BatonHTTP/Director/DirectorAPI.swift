import BatonCore
import BatonEngine
import BatonStore
import Foundation
import Hummingbird

/// Celery Director's `/api`, with its paths, codes, shapes and words (docs/director-api.md).
struct DirectorAPI: Sendable {
    let service: JobService
    let maxBodyBytes: Int
    /// nil: auth is off for this API.
    let authenticator: Authenticator?
    /// Upper bound on `per_page`, so that one request cannot ask for every job at once.
    static let maxPerPage = 10_000
    /// The web page's event stream: WebAPI serves its GET; this API answers its other methods.
    static let eventsPath = "/api/events"

    private enum Route {
        case ping, openapi, workflows, workflow(String), relaunch(String), cancel(String), retry(String), definitions, events

        /// `ping` and the API's own description never need credentials.
        var isOpen: Bool {
            switch self {
            case .ping, .openapi: return true
            default: return false
            }
        }

        var methods: [HTTPRequest.Method] {
            switch self {
            case .workflows: return [.get, .post]
            case .relaunch, .cancel, .retry: return [.post]
            case .ping, .openapi, .workflow, .definitions, .events: return [.get]
            }
        }

        /// The `Allow` header's value: the route's methods, HEAD and OPTIONS.
        var allow: String { (methods + [.head, .options]).map(\.rawValue).joined(separator: ", ") }
    }

    private static func route(_ path: String) -> Route? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst(2).map(String.init)
        switch parts.count {
        case 1 where parts[0] == "ping": return .ping
        case 1 where parts[0] == "openapi.json": return .openapi
        case 1 where parts[0] == "workflows": return .workflows
        case 1 where parts[0] == "definitions": return .definitions
        case 1 where parts[0] == "events": return .events
        case 2 where parts[0] == "workflows" && !parts[1].isEmpty: return .workflow(parts[1])
        case 3 where parts[0] == "workflows" && !parts[1].isEmpty && parts[2] == "relaunch": return .relaunch(parts[1])
        case 3 where parts[0] == "workflows" && !parts[1].isEmpty && parts[2] == "cancel": return .cancel(parts[1])
        case 3 where parts[0] == "workflows" && !parts[1].isEmpty && parts[2] == "retry": return .retry(parts[1])
        default: return nil
        }
    }

    func respond(to request: Request) async -> Response {
        do {
            return try await handle(request)
        } catch let error as DirectorError {
            return error.response
        } catch {
            return .json(["error": "internal error: the failure was logged"], status: .internalServerError)
        }
    }

    private func handle(_ request: Request) async throws -> Response {
        guard let route = Self.route(request.uri.path) else { throw DirectorError.notFound }
        let method = request.method == .head ? .get : request.method
        if method == .options {
            return Response(status: .ok, headers: [.allow: route.allow, .contentLength: "0"])
        }
        guard route.methods.contains(method) else {
            var error = DirectorError.methodNotAllowed
            error.headers[.allow] = route.allow
            throw error
        }
        if let authenticator, !route.isOpen, await authenticator.anyUser(request) == nil {
            throw DirectorError.unauthorized
        }
        switch (route, method) {
        case (.ping, _): return .json(["message": "pong"])
        case (.openapi, _): return OpenAPIDocument.response(OpenAPIDocument.director)
        case (.workflows, .post): return try await create(request)
        case (.workflows, _): return try await list(request)
        case (.workflow(let id), _): return try await show(id)
        case (.relaunch(let id), _): return try await relaunch(id)
        case (.cancel(let id), _): return try await cancel(id)
        case (.retry(let id), _): return try await retry(id)
        case (.definitions, _): return .json(.array(service.definitions.workflows.map(DirectorShapes.definition)))
        case (.events, _): throw DirectorError.notFound  // its GET goes to WebAPI (BatonResponder)
        }
    }

    private func create(_ request: Request) async throws -> Response {
        let body = try await DirectorRequests.json(request, maxBytes: maxBodyBytes)
        let problems = DirectorRequests.createSchema.errors(for: body)
        guard problems.isEmpty, let project = body["project"]?.stringValue, let name = body["name"]?.stringValue,
            let payload = body["payload"]
        else { throw DirectorError.schema(problems) }
        let job = try await start("\(project).\(name)", payload: payload, comment: body["comment"]?.stringValue,
                                  key: IdempotencyKey.from(request))
        return .json(.object(DirectorShapes.job(job)), status: .created)
    }

    private func start(_ workflow: String, payload: JSON, input: [String: [String: JSON]] = [:], comment: String?,
                       key: String? = nil) async throws -> JobRecord {
        do {
            return try await service.start(workflow: workflow, payload: payload, input: input, comment: comment, key: key)
        } catch SubmissionError.unknownWorkflow(let name) {
            throw DirectorError.workflowNotFound(name)
        } catch SubmissionError.payloadInvalid(_, let errors) {
            throw DirectorError.payload(errors)
        } catch let error as SubmissionError {
            // A relaunch whose input the workflow's current definition no longer takes: the
            // caller's request, not the server, is at fault (400, not 500).
            throw DirectorError(status: .badRequest, body: ["error": .string("\(error)")])
        }
    }

    private func list(_ request: Request) async throws -> Response {
        let page = DirectorRequests.int(request, "page", default: 1)
        let perPage = min(DirectorRequests.int(request, "per_page", default: 1000), Self.maxPerPage)
        let withPayload = DirectorRequests.bool(request, "with_payload")
        // Flask-SQLAlchemy's paginate: bad bounds and empty pages past the first are 404s.
        guard page >= 1, perPage >= 0 else { throw DirectorError.notFound }
        let (offset, overflow) = (page - 1).multipliedReportingOverflow(by: perPage)
        if overflow { throw DirectorError.notFound }
        let jobs = perPage == 0 ? [] : try await service.store.jobList(JobQuery(offset: offset, limit: perPage)).jobs
        if jobs.isEmpty && page > 1 { throw DirectorError.notFound }
        return .json(.array(jobs.map { .object(DirectorShapes.job($0, withPayload: withPayload)) }))
    }

    private func job(_ id: String) async throws -> JobRecord {
        guard let uuid = UUID(uuidString: id), let job = try await service.store.jobGet(uuid: uuid) else {
            throw DirectorError.workflowNotFound(id)
        }
        return job
    }

    private func show(_ id: String) async throws -> Response {
        let job = try await job(id)
        let tasks = try await service.store.taskList(job: job.number)
        return .json(DirectorShapes.job(job, tasks: tasks))
    }

    private func relaunch(_ id: String) async throws -> Response {
        let old = try await job(id)
        let new = try await start(old.workflow, payload: old.payload, input: old.input, comment: old.comment)
        return .json(.object(DirectorShapes.job(new)), status: .created)
    }

    /// Baton's extension: re-run only what failed or was interrupted, and what depends on it.
    private func retry(_ id: String) async throws -> Response {
        let old = try await job(id)
        do {
            return .json(.object(DirectorShapes.job(try await service.retry(old))), status: .created)
        } catch let error as SubmissionError {
            throw DirectorError(status: .badRequest, body: ["error": .string("\(error)")])
        }
    }

    private func cancel(_ id: String) async throws -> Response {
        let job = try await job(id)
        let after = try await service.cancel(number: job.number) ?? job
        return .json(.object(DirectorShapes.job(after)), status: .created)
    }
}
