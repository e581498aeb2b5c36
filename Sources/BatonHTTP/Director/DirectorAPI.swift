import BatonCore
import BatonEngine
import BatonStore
import Foundation
import Hummingbird

/// Celery Director's `/api`, with its paths, codes, shapes and words (docs/director-api.md).
struct DirectorAPI: Sendable {
    let service: JobService
    /// nil: auth is off for this API.
    let authenticator: Authenticator?
    /// Upper bound on `per_page`, so that one request cannot ask for every job at once.
    static let maxPerPage = 10_000
    /// The web page's event stream: WebAPI serves its GET; this API answers its other methods.
    static let eventsPath = "/api/events"

    /// Director's endpoints, a group of the router under `/api` (docs/openapi/director.json).
    /// HEAD is answered as GET; OPTIONS and the 404s and 405s of this path are `Unrouted`'s.
    func addRoutes(to routes: some RouterMethods<BatonContext>) {
        let api = routes.group("/api", context: DirectorContext.self).add(middleware: DirectorErrorMiddleware())
        // `ping` and the API's own description never need credentials.
        api.getAndHead("ping") { _, _ in .json(["message": "pong"]) }
        api.getAndHead("openapi.json") { _, _ in OpenAPIDocument.response(OpenAPIDocument.director) }
        let guarded = api.group().add(middleware: DirectorAuthMiddleware(authenticator: authenticator))
        guarded.getAndHead("workflows") { request, _ in try await list(request) }
        guarded.post("workflows") { request, context in try await create(request, body: context.body) }
        guarded.getAndHead("workflows/:id") { _, context in try await show(context.parameters.require("id")) }
        guarded.post("workflows/:id/relaunch") { _, context in try await relaunch(context.parameters.require("id")) }
        guarded.post("workflows/:id/cancel") { _, context in try await cancel(context.parameters.require("id")) }
        guarded.post("workflows/:id/retry") { _, context in try await retry(context.parameters.require("id")) }
        guarded.getAndHead("definitions") { _, _ in .json(.array(service.definitions.workflows.map(DirectorShapes.definition))) }
    }

    private func create(_ request: Request, body: ByteBuffer) async throws -> Response {
        let create = try DirectorRequests.create(DirectorRequests.json(request, body: body))
        let job = try await start(
            "\(create.project).\(create.name)", payload: create.payload, comment: create.comment,
            key: IdempotencyKey.from(request))
        return .json(.object(DirectorShapes.job(job)), status: .created)
    }

    private func start(
        _ workflow: String, payload: JSON, input: [String: [String: JSON]] = [:], comment: String?,
        key: String? = nil
    ) async throws -> JobRecord {
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
