import BatonCore
import BatonEngine
import BatonStore
import Foundation

/// The links between a sub-workflow's child job and its parent (SPEC §13), both ways, as the job
/// page shows them.
struct SubWorkflowLinks {
    /// This job's parent, when it is a child: `{id, uuid, step, task}` (`task`: the step's id in
    /// the parent job, null when that job no longer has it).
    var parent: JSON?
    /// The jobs each sub-workflow step (by `TaskRecord.id`) started, oldest first.
    var children: [Int64: [JobRecord]] = [:]
}

extension WebAPI {
    func subWorkflowLinks(
        _ job: JobRecord, tasks: [TaskRecord], definition: WorkflowDefinition?
    ) async throws -> SubWorkflowLinks {
        let store = service.store
        var links = SubWorkflowLinks()
        // The comment names the parent by UUID; the page links by number.
        if let link = job.comment.flatMap(SubWorkflowCall.parent(fromComment:)),
            let parent = try await store.jobGet(uuid: link.job)
        {
            let steps = try await store.taskList(job: parent.number)
            let step = steps.first { $0.id == job.parentTask } ?? steps.first { $0.key == link.step && $0.instanceOf == nil }
            links.parent = [
                "id": .int(Int(parent.number)), "uuid": .string(parent.uuid.uuidString.lowercased()),
                "step": .string(link.step), "task": step.map { .string(Identifiers.hex($0.uuid)) } ?? .null,
            ]
        }
        for task in tasks where Self.startsSubWorkflow(task, definition: definition) {
            var children = try await store.jobList(JobQuery(parentTask: task.id, ascending: true)).jobs
            // A store that does not record the link still has the child's number in the result.
            if children.isEmpty, let number = task.result?["number"]?.intValue,
                let child = try await store.jobGet(number: Int64(number))
            {
                children = [child]
            }
            links.children[task.id] = children
        }
        return links
    }

    /// Whether `task` is a sub-workflow step: its step in the workflow as loaded now says so, or
    /// (the definition changed since) its result has a child job's shape.
    static func startsSubWorkflow(_ task: TaskRecord, definition: WorkflowDefinition?) -> Bool {
        guard task.hook == nil, task.instanceOf == nil else { return false }
        if let steps = definition?.steps, steps.indices.contains(task.position), steps[task.position].key == task.key,
            case .workflow = steps[task.position].body.kind
        {
            return true
        }
        return task.result?["job"]?.stringValue != nil && task.result?["number"]?.intValue != nil
    }
}
