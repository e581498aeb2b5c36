import BatonCore
import BatonEngine
import Foundation
import Hummingbird

/// Starting a workflow from the definitions page.
extension WebAPI {
    /// Body `{"payload": {...}, "input": {task: {param: value}}, "comment": "..."}`; the payload is
    /// checked against the workflow's schema here too, whatever the page checked.
    func run(_ body: [String: JSON], workflow name: String) async throws -> Response {
        let name = name.removingPercentEncoding ?? name
        guard service.definitions.workflow(named: name) != nil else { throw WebError(.notFound, "Workflow \(name) not found") }
        for key in body.keys where !["payload", "input", "comment"].contains(key) {
            throw WebError(.badRequest, "unknown field '\(key)': send payload, input and comment")
        }
        let payload = body["payload"] ?? [:]
        var input: [String: [String: JSON]] = [:]
        if let value = body["input"] {
            guard case .object(let tasks) = value, tasks.values.allSatisfy({ $0.objectValue != nil }) else {
                throw WebError(.badRequest, "input must be an object: {task: {param: value}}")
            }
            input = tasks.compactMapValues(\.objectValue)
        }
        if let comment = body["comment"], comment.stringValue == nil, comment != .null {
            throw WebError(.badRequest, "comment must be a string")
        }
        let comment = body["comment"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        do {
            let job = try await service.start(workflow: name, payload: payload, input: input, comment: comment)
            feed.kick()
            return .json(["job": .object(WebShapes.job(job))], status: .created)
        } catch SubmissionError.payloadInvalid(_, let errors) {
            throw WebError(.badRequest, "Payload is not valid", errors: errors)
        } catch let error as SubmissionError {
            throw WebError(.badRequest, "\(error)")
        }
    }
}
