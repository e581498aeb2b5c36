import BatonCore
import BatonStore
import Foundation

/// A job request that cannot be accepted, with what and where.
public enum SubmissionError: Error, Equatable, CustomStringConvertible {
    case unknownWorkflow(String)
    case unknownInputTask(workflow: String, key: String)
    case unknownInputParam(workflow: String, key: String, param: String)
    case badInputValue(workflow: String, key: String, param: String)
    /// An `algorithm` task's input that its algorithm refuses (wrong type, out of range).
    case badAlgorithmInput(workflow: String, key: String, reason: String)
    case payloadNotObject
    /// The payload fails the workflow's JSON Schema; one message per problem, jsonschema's words.
    case payloadInvalid(workflow: String, errors: [String])
    /// Only a failed or interrupted job can be retried from its failure.
    case nothingToRetry(job: Int64, status: JobStatus)

    public var description: String {
        switch self {
        case .unknownWorkflow(let name): return "Workflow \(name) not found"
        case .unknownInputTask(let workflow, let key):
            return "input names task '\(key)', which workflow \(workflow) does not have"
        case .unknownInputParam(let workflow, let key, let param):
            return "input gives param '\(param)' to task '\(key)' of workflow \(workflow), which declares no such param"
        case .badInputValue(let workflow, let key, let param):
            return "input param '\(param)' of task '\(key)' (workflow \(workflow)) must be a string or a number"
        case .badAlgorithmInput(let workflow, let key, let reason):
            return "input for task '\(key)' of workflow \(workflow): \(reason)"
        case .payloadNotObject: return "the payload must be a JSON object"
        case .nothingToRetry(let job, let status):
            return "job \(job) is \(status.name): only a failed or interrupted job can be retried"
        case .payloadInvalid(let workflow, let errors):
            return "the payload does not match the schema of \(workflow): \(errors.joined(separator: "; "))"
        }
    }
}

/// Turns a definition and a request into the job and tasks to store.
public enum JobPlanner {
    /// `succeeded` maps step positions to results of an earlier run: those steps are stored as
    /// succeeded (retry from failure). `parentTask`: the step task that starts this job as its
    /// sub-workflow (SPEC §13).
    public static func plan(
        _ definition: WorkflowDefinition, payload: JSON, input: [String: [String: JSON]] = [:],
        comment: String? = nil, periodic: Bool = false, key: String? = nil,
        succeeded: [Int: JSON] = [:], uuid: UUID = Identifiers.randomUUID(), parentTask: Int64? = nil
    ) throws -> NewJob {
        guard payload.objectValue != nil else { throw SubmissionError.payloadNotObject }
        if let schema = definition.schema {
            let errors = JSONSchemaValidator(schema: schema).errors(for: payload)
            if !errors.isEmpty { throw SubmissionError.payloadInvalid(workflow: definition.fullName, errors: errors) }
        }
        try validate(input, for: definition)
        var tasks = definition.steps.map { step in
            var task = task(step, position: step.index, parents: step.needs, overrides: input[step.key] ?? [:])
            task.succeeded = succeeded[step.index]
            return task
        }
        if let hook = definition.successHook {
            tasks.append(task(hook, position: -1, parents: [], overrides: [:], hook: .success))
        }
        let failureHook = definition.failureHook.map { task($0, position: -1, parents: [], overrides: [:], hook: .failure) }
        return NewJob(
            uuid: uuid, workflow: definition.fullName, project: definition.project, name: definition.name,
            payload: payload, input: input, comment: comment, periodic: periodic, tasks: tasks,
            failureHook: failureHook, key: key, concurrency: definition.concurrency, priority: definition.priority,
            parentTask: parentTask)
    }

    private static func task(
        _ step: Step, position: Int, parents: [Int], overrides: [String: JSON], hook: HookKind? = nil
    ) -> NewTask {
        var body = step.body
        if case .algorithm = body.kind {
            body.params = AlgorithmBinding.override(body.params, with: overrides)
        } else {
            body.params.merge(overrides) { _, override in override }
        }
        return NewTask(
            position: position, key: step.key, name: step.name, taskName: step.taskName, body: body,
            parents: parents, queue: step.queue, hook: hook)
    }

    /// Input names existing step keys and their declared params; values are strings or numbers.
    public static func validate(_ input: [String: [String: JSON]], for definition: WorkflowDefinition) throws {
        for (key, params) in input.sorted(by: { $0.key < $1.key }) {
            let steps = definition.steps.filter { $0.key == key }
            guard !steps.isEmpty else {
                throw SubmissionError.unknownInputTask(workflow: definition.fullName, key: key)
            }
            let declared = Set(steps.flatMap { $0.body.params.keys })
            for (param, value) in params.sorted(by: { $0.key < $1.key }) {
                let isAlgorithm = steps.contains { if case .algorithm = $0.body.kind { true } else { false } }
                let known =
                    declared.contains(param)
                    || isAlgorithm && steps.contains { AlgorithmBinding.declaredName(param, in: $0.body.params) != nil }
                guard known else {
                    throw SubmissionError.unknownInputParam(workflow: definition.fullName, key: key, param: param)
                }
                switch value {
                case .string, .int, .double: break
                default: throw SubmissionError.badInputValue(workflow: definition.fullName, key: key, param: param)
                }
            }
            for step in steps {
                guard case .algorithm(let call) = step.body.kind else { continue }
                do {
                    _ = try AlgorithmBinding.bind(
                        algorithm: call.name, params: AlgorithmBinding.override(step.body.params, with: params))
                } catch {
                    throw SubmissionError.badAlgorithmInput(workflow: definition.fullName, key: key, reason: "\(error)")
                }
            }
        }
    }
}
