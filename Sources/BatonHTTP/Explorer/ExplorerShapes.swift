import BatonCore
import BatonStore
import Foundation

/// Explorer's JSON shapes for jobs, tasks and workflows.
enum ExplorerShapes {
    static func job(_ job: JobRecord, workflowId: UInt32) -> [String: JSON] {
        [
            "id": .int(Int(job.number)),
            "name": .string(JobLabel.make(workflow: job.workflow, createdMillis: job.created)),
            "workflowId": .string(String(workflowId)),
            "workflowName": .string(job.workflow),
            "status": .int(job.status.code),
            "runBeginTime": .int(Int(job.started ?? 0)),
            "runEndTime": .int(Int(job.ended ?? 0)),
            "createTime": .int(Int(job.created)),
        ]
    }

    static func task(_ task: TaskRecord) -> JSON {
        [
            "id": .string(Identifiers.hex(task.uuid)),
            "name": .string(task.name),
            "key": .string(task.key),
            "status": .int(task.status.code),
            "runBeginTime": task.started.map { .string(rfc3339($0)) } ?? .null,
            "runEndTime": task.ended.map { .string(rfc3339($0)) } ?? .null,
        ]
    }

    static func workflow(_ workflow: WorkflowDefinition) -> JSON {
        [
            "id": .string(String(workflow.id)),
            "name": .string(workflow.fullName),
            "tasks": .array(
                workflow.steps.map { step in
                    ["key": .string(step.key), "name": .string(step.name), "params": .object(step.body.params)]
                }),
        ]
    }

    /// RFC 3339 in UTC with milliseconds, e.g. `2022-07-15T08:36:50.088Z`.
    static func rfc3339(_ millis: Int64) -> String {
        let f = UTCText.fields(millis)
        return UTCText.dateTime(f) + "." + UTCText.digits(f.millisecond, 3) + "Z"
    }
}
