import BatonCore
import BatonEngine
import BatonStore
import Foundation
import Hummingbird

/// Jobs and their tasks, as the jobs page and the job page read and change them.
extension WebAPI {
    /// `page`, `per_page`, and the filters `workflow`, `status` (a name), `name` (part of the
    /// job's label), `from` and `to` (epoch ms, inclusive).
    func jobs(_ request: Request) async throws -> Response {
        let page = try integer(request, "page", default: 1, in: 1...(Int.max / Self.maxPerPage))
        let perPage = try integer(request, "per_page", default: 20, in: 1...Self.maxPerPage)
        var query = JobQuery(offset: (page - 1) * perPage, limit: perPage)
        let parameters = request.uri.queryParameters
        if let workflow = parameters["workflow"].map(String.init), !workflow.isEmpty { query.workflow = workflow }
        if let name = parameters["status"].map(String.init), !name.isEmpty {
            guard let status = JobStatus.allCases.first(where: { $0.name == name }) else {
                throw WebError(.badRequest, "status must be one of \(JobStatus.allCases.map(\.name).joined(separator: ", "))")
            }
            query.status = status
        }
        if let name = parameters["name"].map(String.init), !name.isEmpty { query.nameContains = name }
        if parameters["from"].map({ !$0.isEmpty }) == true {
            query.createdFrom = Int64(try integer(request, "from", default: 0, in: 0...Int.max))
        }
        if parameters["to"].map({ !$0.isEmpty }) == true {
            query.createdTo = Int64(try integer(request, "to", default: 0, in: 0...Int.max))
        }
        let result = try await service.store.jobList(query)
        return .json([
            "items": .array(result.jobs.map { .object(WebShapes.job($0)) }),
            "total": .int(result.total), "page": .int(page), "perPage": .int(perPage),
        ])
    }

    func job(_ id: String) async throws -> Response {
        let job = try await record(id)
        let definition = service.definitions.workflows.first { $0.fullName == job.workflow }
        let tasks = try await service.store.taskList(job: job.number)
        let links = try await subWorkflowLinks(job, tasks: tasks, definition: definition)
        return .json(WebShapes.jobDetail(job, tasks: tasks, definition: definition, links: links))
    }

    /// Cancel, relaunch or retry from the failure; answers with the job to show next.
    func act(_ action: String, on id: String) async throws -> Response {
        let job = try await record(id)
        let result: JobRecord
        do {
            switch action {
            case "cancel": result = try await service.cancel(number: job.number) ?? job
            case "relaunch": result = try await service.relaunch(job)
            default: result = try await service.retry(job)
            }
        } catch let error as SubmissionError {
            throw WebError(.badRequest, "\(error)")
        }
        feed.kick()
        return .json(["job": .object(WebShapes.job(result))], status: action == "cancel" ? .ok : .created)
    }

    /// Rerun from a step: `{"from": KEY}` names the step; the same job runs it and what is below
    /// it again (SPEC §13). Answers with the job; a refusal is a 400 naming the job and the step.
    func rerun(_ body: [String: JSON], job id: String) async throws -> Response {
        let job = try await record(id)
        guard case .string(let step)? = body["from"], !step.isEmpty else {
            throw WebError(.badRequest, "send the step to rerun from as {\"from\": \"KEY\"}")
        }
        let result: JobRecord?
        do {
            result = try await service.rerun(job, from: step)
        } catch let error as RerunError {
            throw WebError(.badRequest, "\(error)")
        }
        guard let result else { throw WebError(.notFound, "no job \(id)") }
        feed.kick()
        return .json(["job": .object(WebShapes.job(result))])
    }

    /// The stored log of every finished attempt.
    func log(job id: String, task: String) async throws -> Response {
        let (_, record) = try await taskRecord(job: id, task)
        let logs = try await service.store.taskLogs(task: record.id)
        return .json([
            "status": .string(record.status.name),
            "attempts": .array(logs.map { ["attempt": .int($0.attempt), "text": .string($0.text)] }),
        ])
    }

    func followLog(job id: String, task: String) async throws -> Response {
        let (job, record) = try await taskRecord(job: id, task)
        return logs.response(job: job.number, task: record.id, uuid: record.uuid)
    }

    func rows(_ request: Request, job id: String, task: String) async throws -> Response {
        let page = try integer(request, "page", default: 1, in: 1...(Int.max / Self.maxRowsPerPage))
        let perPage = try integer(request, "per_page", default: 50, in: 1...Self.maxRowsPerPage)
        let (_, record) = try await taskRecord(job: id, task)
        let rows = try await service.store.taskRows(task: record.id, offset: (page - 1) * perPage, limit: perPage + 1)
        return .json([
            "rows": .array(rows.prefix(perPage).map { .array($0.map(JSON.string)) }),
            "page": .int(page), "perPage": .int(perPage), "more": .bool(rows.count > perPage),
        ])
    }

    /// Every result row as an RFC 4180 CSV file, read from the store a page at a time.
    func csv(job id: String, task: String) async throws -> Response {
        let (job, record) = try await taskRecord(job: id, task)
        let store = service.store
        let file = "job-\(job.number)-\(record.key.filter { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }).csv"
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(file)\"",
            ],
            body: ResponseBody { writer in
                var offset = 0
                while true {
                    let rows = try await store.taskRows(task: record.id, offset: offset, limit: 1000)
                    if rows.isEmpty { break }
                    try await writer.write(ByteBuffer(string: rows.map(CSVText.line).joined()))
                    offset += rows.count
                }
                try await writer.finish(nil)
            })
    }

    // MARK: Reading requests

    func record(_ id: String) async throws -> JobRecord {
        guard let number = Int64(id), let job = try await service.store.jobGet(number: number) else {
            throw WebError(.notFound, "no job \(id)")
        }
        return job
    }

    func taskRecord(job id: String, _ task: String) async throws -> (JobRecord, TaskRecord) {
        let job = try await record(id)
        guard let uuid = Identifiers.uuid(task),
            let record = try await service.store.taskList(job: job.number).first(where: { $0.uuid == uuid })
        else { throw WebError(.notFound, "job \(id) has no task \(task)") }
        return (job, record)
    }

    func integer(_ request: Request, _ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = request.uri.queryParameters[Substring(name)], !text.isEmpty else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw WebError(.badRequest, "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }
}

/// CSV lines as RFC 4180 writes them: a cell is quoted when it holds a comma, quote or line break.
enum CSVText {
    static func line(_ cells: [String]) -> String {
        cells.map { cell in
            cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
        }.joined(separator: ",") + "\r\n"
    }
}
