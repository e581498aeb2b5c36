import BatonCore
import BatonStore
import Foundation

/// Starts a sub-workflow step's child job (SPEC §13): renders the payload template, plans a
/// job of the named workflow linked to this step, and reports it; the store inserts it and the
/// step waits until it ends. A payload the child's workflow refuses fails the step.
struct SubWorkflowRunner {
    let call: SubWorkflowCall
    let definitions: DefinitionSet?

    func run(_ context: AttemptContext) async -> AttemptResult {
        let task = context.task
        guard let definition = definitions?.workflow(named: call.workflow) else {
            return .failure("workflow \(call.workflow) is not loaded in this process", retryable: true)
        }
        let payload = Template.render(call.payload, Template.values(for: task, parentKeys: call.parentKeys))
        do {
            var child = try JobPlanner.plan(
                definition, payload: payload,
                comment: SubWorkflowCall.comment(parentJob: task.jobUUID.uuidString.lowercased(), step: task.key))
            child.parentTask = task.id
            return AttemptResult(
                result: .startedChild(child),
                log: "started a job of \(call.workflow) (\(child.uuid.uuidString.lowercased()))\n")
        } catch {
            return .failure("workflow \(call.workflow): \(error)")
        }
    }
}
