import BatonCore
import BatonEngine
import BatonStore
import Foundation
import Hummingbird

/// NebulaGraph Explorer's workflow open API, `/api-open/v1` (docs/explorer-api.md).
struct ExplorerAPI: Sendable {
    let service: JobService
    let authenticator: Authenticator
    let clock: MillisClock
    static let maxPageSize = 1000
    static let maxLimit = 10_000

    /// Explorer's endpoints, a group of the router under `/api-open/v1`
    /// (docs/openapi/explorer.json). The 404s and 405s of this path are `Unrouted`'s.
    func addRoutes(to routes: some RouterMethods<BatonContext>) {
        let api = routes.group("/api-open/v1", context: ExplorerContext.self).add(middleware: ExplorerResponseMiddleware())
        // `connect` gives the token; the API's description is what a client reads before it.
        api.post("connect") { request, context in try await connect(request, body: context.body) }
        api.get("openapi.json") { _, _ in OpenAPIDocument.response(OpenAPIDocument.explorer) }
        let guarded = api.group().add(middleware: ExplorerAuthMiddleware(authenticator: authenticator))
        guarded.get("jobs") { request, _ in try await list(request, workflow: nil) }
        guarded.get("workflows") { _, _ in workflows() }
        guarded.get("jobs/:job_id") { _, context in try await show(context.parameters.require("job_id")) }
        guarded.put("jobs/:job_id/cancel") { _, context in try await cancel(context.parameters.require("job_id")) }
        guarded.post("jobs/:job_id/retry") { _, context in try await retry(context.parameters.require("job_id")) }
        guarded.get("workflows/:workflow_id/jobs") { request, context in
            try await list(request, workflow: try workflow(context.parameters.require("workflow_id")))
        }
        guarded.post("workflows/:workflow_id/jobs") { request, context in
            try await create(request, body: context.body, workflow: try workflow(context.parameters.require("workflow_id")))
        }
        guarded.get("jobs/:job_id/tasks/:task_id/sample_result") { request, context in
            try await sampleResult(
                request, job: context.parameters.require("job_id"), task: context.parameters.require("task_id"))
        }
    }

    // MARK: Sessions

    private func connect(_ request: Request, body: ByteBuffer) async throws -> Response {
        guard let authorization = request.headers[.authorization], authorization.lowercased().hasPrefix("bearer ") else {
            throw ExplorerError.unauthorized("give the account as Authorization: Bearer <base64 of user:password>")
        }
        guard let (name, password) = Self.account(String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)) else {
            throw ExplorerError.unauthorized("the Bearer value must be base64 of user:password or of [\"user\", \"password\"]")
        }
        let body = try json(body)
        guard let address = body["address"]?.stringValue, !address.isEmpty else {
            throw ExplorerError.param("address is required: a non-empty string")
        }
        // An integer as JSON Schema counts them: 9669 or 9669.0.
        guard let port = body["port"]?.intValue, (1...65535).contains(port) else {
            throw ExplorerError.param("port is required: an integer from 1 to 65535")
        }
        guard let user = try await authenticator.user(name: name, password: password) else {
            throw ExplorerError.unauthorized("wrong user name or password")
        }
        let now = clock.now
        let session = SessionRecord(
            id: Identifiers.hex(Identifiers.randomUUID()), user: user.id, address: address, port: port, created: now,
            expires: now + Int64(authenticator.tokens.maxAge) * 1000)
        try await service.store.sessionInsert(session)
        let token = try await authenticator.tokens.sign(session: session, user: user.name)
        return .explorer(
            ["success": true],
            headers: [
                .setCookie: "explorer_token=\(token); Path=/; Max-Age=\(authenticator.tokens.maxAge); HttpOnly"
            ])
    }

    /// Both seed versions: base64 of `user:password`, or of the JSON array `["user", "password"]`.
    static func account(_ encoded: String) -> (String, String)? {
        guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8) else { return nil }
        if let list = (try? JSON.parse(text))?.arrayValue, list.count == 2,
            let name = list[0].stringValue, let password = list[1].stringValue
        {
            return (name, password)
        }
        guard let colon = text.firstIndex(of: ":") else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    // MARK: Reading requests

    /// The body as a JSON object; an empty body is an empty object.
    private func json(_ buffer: ByteBuffer) throws -> JSON {
        if buffer.readableBytes == 0 { return .object([:]) }
        guard case .object(let members) = try? JSON.parse(Data(buffer.readableBytesView)) else {
            throw ExplorerError.badRequest("the body must be a JSON object")
        }
        return .object(members)
    }

    private func integer(_ request: Request, _ name: String, default value: Int, max: Int) throws -> Int {
        guard let text = request.query(name) else { return value }
        guard let number = Int(text), (1...max).contains(number) else {
            throw ExplorerError.param("\(name) must be an integer from 1 to \(max)")
        }
        return number
    }

    private func workflow(_ id: String) throws -> WorkflowDefinition {
        guard let number = UInt32(id), let workflow = service.definitions.workflow(id: number) else {
            throw ExplorerError.notFound("no workflow with id \(id)")
        }
        return workflow
    }

    private func job(_ id: String) async throws -> JobRecord {
        guard let number = Int64(id), let job = try await service.store.jobGet(number: number) else {
            throw ExplorerError.notFound("no job with id \(id)")
        }
        return job
    }

    private func workflowId(_ job: JobRecord) -> UInt32 { Identifiers.workflowId(fullName: job.workflow) }

    // MARK: Endpoints

    private func create(_ request: Request, body: ByteBuffer, workflow: WorkflowDefinition) async throws -> Response {
        let body = try json(body)
        var input: [String: [String: JSON]] = [:]
        if let value = body["input"] {
            guard case .object(let tasks) = value, tasks.values.allSatisfy({ $0.objectValue != nil }) else {
                throw ExplorerError.param("input must be an object: {task_id: {param: value}}")
            }
            input = tasks.compactMapValues(\.objectValue)
        }
        do {
            let job = try await service.start(
                workflow: workflow.fullName, payload: [:], input: input,
                key: IdempotencyKey.from(request))
            return .explorer(["id": .int(Int(job.number))])
        } catch let error as SubmissionError {
            throw ExplorerError.param("\(error)")
        }
    }

    private func list(_ request: Request, workflow: WorkflowDefinition?) async throws -> Response {
        let pageSize = try integer(request, "pageSize", default: 10, max: Self.maxPageSize)
        let page = try integer(request, "page", default: 1, max: Int.max / Self.maxPageSize)
        var query = JobQuery(workflow: workflow?.fullName, offset: (page - 1) * pageSize, limit: pageSize)
        if let text = request.query("filter"), !text.isEmpty {
            guard case .object(let filter) = try? JSON.parse(text) else {
                throw ExplorerError.param("filter must be a URL-encoded JSON object")
            }
            try apply(filter, to: &query)
        }
        let result = try await service.store.jobList(query)
        return .explorer([
            "items": .array(result.jobs.map { .object(ExplorerShapes.job($0, workflowId: workflowId($0))) }),
            "total": .int(result.total), "Page": .int(page), "PageSize": .int(pageSize),
        ])
    }

    private func apply(_ filter: [String: JSON], to query: inout JobQuery) throws {
        for (key, value) in filter {
            switch (key, value) {
            case ("name", .string(let text)): query.nameContains = text
            case ("status", let code) where code.intValue != nil:
                guard let status = JobStatus(rawValue: code.intValue!) else {
                    throw ExplorerError.param("filter.status must be 0 to 5")
                }
                query.status = status
            case ("fromCreateTime", let time) where time.intValue != nil: query.createdFrom = Int64(time.intValue!)
            case ("toCreateTime", let time) where time.intValue != nil: query.createdTo = Int64(time.intValue!)
            case ("orderByCreateTime", .string(let order)) where order == "asc" || order == "desc":
                query.ascending = order == "asc"
            // A member left null is not set; a key Explorer does not have is refused, null or not.
            case ("name", .null), ("status", .null), ("fromCreateTime", .null), ("toCreateTime", .null),
                ("orderByCreateTime", .null):
                continue
            default:
                throw ExplorerError.param(
                    "filter.\(key) is not understood (name: string, status: 0-5, fromCreateTime and toCreateTime: epoch ms, orderByCreateTime: asc or desc)"
                )
            }
        }
    }

    private func show(_ id: String) async throws -> Response {
        let job = try await job(id)
        var body = ExplorerShapes.job(job, workflowId: workflowId(job))
        body["tasks"] = .array(try await service.store.taskList(job: job.number).map(ExplorerShapes.task))
        return .explorer(.object(body))
    }

    private func cancel(_ id: String) async throws -> Response {
        let job = try await job(id)
        let cancellation = try await service.cancellation(number: job.number)
        return .explorer(["success": .bool(cancellation?.answer.movedTheJob ?? false)])
    }

    /// Baton's extension: a new job that re-runs only what failed or was interrupted.
    private func retry(_ id: String) async throws -> Response {
        let old = try await job(id)
        do {
            return .explorer(["id": .int(Int(try await service.retry(old).number))])
        } catch let error as SubmissionError {
            throw ExplorerError.param("\(error)")
        }
    }

    private func sampleResult(_ request: Request, job id: String, task taskId: String) async throws -> Response {
        let limit = try integer(request, "limit", default: 10, max: Self.maxLimit)
        let job = try await job(id)
        guard let uuid = Identifiers.uuid(taskId),
            let task = try await service.store.taskList(job: job.number).first(where: { $0.uuid == uuid })
        else { throw ExplorerError.notFound("job \(id) has no task \(taskId)") }
        let rows = try await service.store.taskRows(task: task.id, offset: 0, limit: limit)
        return .explorer(["items": .array(rows.map { .array($0.map(JSON.string)) })])
    }

    private func workflows() -> Response {
        let items = service.definitions.workflows.map(ExplorerShapes.workflow)
        return .explorer(["items": .array(items), "total": .int(items.count)])
    }
}
