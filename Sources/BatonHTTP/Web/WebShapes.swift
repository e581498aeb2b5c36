import BatonCore
import BatonEngine
import BatonStore
import Foundation

/// The JSON the web page reads: Baton's own names (not a dialect's), times in epoch ms so the
/// browser shows them in the reader's time zone.
enum WebShapes {
    static func job(_ job: JobRecord, detail: Bool = false) -> [String: JSON] {
        var body: [String: JSON] = [
            "id": .int(Int(job.number)),
            "uuid": .string(job.uuid.uuidString.lowercased()),
            "workflow": .string(job.workflow),
            "label": .string(JobLabel.make(workflow: job.workflow, createdMillis: job.created)),
            "status": .string(job.status.name),
            "periodic": .bool(job.periodic),
            "created": .int(Int(job.created)),
            "updated": .int(Int(job.updated)),
            "started": job.started.map { .int(Int($0)) } ?? .null,
            "ended": job.ended.map { .int(Int($0)) } ?? .null,
        ]
        if let comment = job.comment { body["comment"] = .string(comment) }
        if detail {
            body["payload"] = job.payload
            body["input"] = .object(job.input.mapValues { .object($0) })
        }
        return body
    }

    /// A job with its tasks, each placed on the DAG drawing.
    static func jobDetail(_ job: JobRecord, tasks: [TaskRecord], definition: WorkflowDefinition? = nil) -> JSON {
        let hexes = Dictionary(uniqueKeysWithValues: tasks.map { ($0.id, Identifiers.hex($0.uuid)) })
        let indices = Dictionary(uniqueKeysWithValues: tasks.enumerated().map { ($1.id, $0) })
        let layout = DAGLayout(
            tasks.map { task in
                DAGLayout.Node(parents: task.parents.compactMap { indices[$0] }, trailing: task.hook != nil)
            })
        var body = self.job(job, detail: true)
        body["tasks"] = .array(
            tasks.enumerated().map { index, task in
                var shape = self.task(task, parents: task.parents.compactMap { hexes[$0] })
                shape.merge(dataShape(task, job: job, definition: definition)) { old, _ in old }
                shape["x"] = .double(layout.nodes[index].x)
                shape["y"] = .double(layout.nodes[index].y)
                return .object(shape)
            })
        body["graph"] = graph(layout, ids: tasks.map { Identifiers.hex($0.uuid) })
        return .object(body)
    }

    static func task(_ task: TaskRecord, parents: [String]) -> [String: JSON] {
        var body: [String: JSON] = [
            "id": .string(Identifiers.hex(task.uuid)),
            "key": .string(task.key),
            "name": .string(task.name),
            "task": .string(task.taskName),
            "status": .string(task.status.name),
            "hook": task.hook.map { .string($0 == .success ? "success" : "failure") } ?? .null,
            "parents": .array(parents.map(JSON.string)),
            "queue": .string(task.queue),
            "attempt": .int(task.attempt),
            "failures": .int(task.failures),
            "retries": .int(task.maxRetries),
            "created": .int(Int(task.created)),
            "updated": .int(Int(task.updated)),
            "started": task.started.map { .int(Int($0)) } ?? .null,
            "ended": task.ended.map { .int(Int($0)) } ?? .null,
            "result": task.result ?? .null,
        ]
        if let error = task.error {
            body["error"] = ["exception": .string(error.exception), "traceback": .string(error.traceback)]
        }
        return body
    }

    /// The drawing's size and edges; node positions travel with the nodes.
    static func graph(_ layout: DAGLayout, ids: [String]) -> JSON {
        [
            "width": .double(layout.width), "height": .double(layout.height),
            "nodeWidth": .double(DAGLayout.nodeWidth), "nodeHeight": .double(DAGLayout.nodeHeight),
            "edges": .array(layout.edges.map { ["from": .string(ids[$0.from]), "to": .string(ids[$0.to])] }),
        ]
    }

    static func definition(_ workflow: WorkflowDefinition) -> JSON {
        let layout = DAGLayout(workflow.steps.map { DAGLayout.Node(parents: $0.needs) })
        // Positions, not keys: Director's syntax may run one task twice in a workflow.
        let ids = workflow.steps.indices.map(String.init)
        var body: [String: JSON] = [
            "name": .string(workflow.fullName),
            "id": .string(String(workflow.id)),
            "project": .string(workflow.project),
            "file": .string(workflow.file),
            "schema": workflow.schema ?? .null,
            "schemaName": workflow.schemaName.map(JSON.string) ?? .null,
            "queues": .array(Array(Set(workflow.steps.map(\.queue))).sorted().map(JSON.string)),
            "schedule": workflow.periodic.map(schedule) ?? .null,
            "hooks": [
                "success": workflow.successHook.map { .string($0.taskName) } ?? .null,
                "failure": workflow.failureHook.map { .string($0.taskName) } ?? .null,
            ],
            "graph": graph(layout, ids: ids),
        ]
        body["steps"] = .array(
            workflow.steps.enumerated().map { index, step in
                [
                    "key": .string(step.key), "name": .string(step.name), "task": .string(step.taskName),
                    "kind": .string(step.body.kind.name), "params": .object(step.body.params),
                    "needs": .array(step.needs.map { .string(workflow.steps[$0].key) }), "queue": .string(step.queue),
                    "retries": .int(step.body.retries), "timeout": step.body.timeout.map(JSON.double) ?? .null,
                    "x": .double(layout.nodes[index].x), "y": .double(layout.nodes[index].y),
                ]
            })
        return .object(body)
    }

    static func schedule(_ periodic: Periodic) -> JSON {
        switch periodic.rule {
        case .interval(let seconds):
            return ["text": .string("every \(Periodic.Rule.format(seconds: seconds)) s"), "payload": periodic.payload]
        case .crontab(let crontab): return ["text": .string("crontab \(crontab.expression) (UTC)"), "payload": periodic.payload]
        }
    }
}
