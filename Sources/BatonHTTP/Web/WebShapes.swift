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

    /// A job with its tasks, each placed on the DAG drawing (a folded fan-out instance has a null
    /// `x` and `y`: its group's summary node in `graph.groups` stands for it), with the links
    /// between sub-workflow jobs (SPEC §13).
    static func jobDetail(
        _ job: JobRecord, tasks: [TaskRecord], definition: WorkflowDefinition? = nil,
        links: SubWorkflowLinks = SubWorkflowLinks()
    ) -> JSON {
        let hexes = Dictionary(uniqueKeysWithValues: tasks.map { ($0.id, Identifiers.hex($0.uuid)) })
        let drawing = JobDrawing(tasks)
        let instances = Dictionary(grouping: tasks.filter { $0.instanceOf != nil }) { $0.instanceOf! }
        var body = self.job(job, detail: true)
        if let parent = links.parent { body["parent"] = parent }
        body["tasks"] = .array(
            tasks.enumerated().map { index, task in
                var shape = self.task(task, parents: task.parents.compactMap { hexes[$0] })
                shape.merge(dataShape(task, job: job, definition: definition)) { old, _ in old }
                if let step = task.instanceOf { shape["instanceOf"] = hexes[step].map(JSON.string) ?? .null }
                if let mine = instances[task.id] {
                    shape["instances"] = ["count": .int(mine.count), "statuses": .object(JobDrawing.counts(mine))]
                }
                if let children = links.children[task.id] { shape["children"] = .array(children.map(subWorkflowJob)) }
                let node = drawing.nodeOfTask[index].map { drawing.layout.nodes[$0] }
                shape["x"] = node.map { .double($0.x) } ?? .null
                shape["y"] = node.map { .double($0.y) } ?? .null
                return .object(shape)
            })
        let ids =
            tasks.indices.compactMap { drawing.nodeOfTask[$0] == nil ? nil : Identifiers.hex(tasks[$0].uuid) }
            + drawing.groups.map { groupId(step: tasks[$0.step]) }
        var graph = graph(drawing.layout, ids: ids)
        graph["groups"] = .array(
            drawing.groups.enumerated().map { number, group in
                let members = group.instances.map { tasks[$0] }
                let node = drawing.layout.nodes[drawing.node(ofGroup: number)]
                return [
                    "id": .string(groupId(step: tasks[group.step])), "step": .string(Identifiers.hex(tasks[group.step].uuid)),
                    "label": .string("\(tasks[group.step].key)[0…\(members.count - 1)]"),
                    "status": .string(JobDrawing.status(members).name), "count": .int(members.count),
                    "statuses": .object(JobDrawing.counts(members)), "x": .double(node.x), "y": .double(node.y),
                ]
            })
        body["graph"] = .object(graph)
        return .object(body)
    }

    /// The summary node of a step's folded instances: the step's id with a suffix, so it never
    /// collides with a task's.
    static func groupId(step: TaskRecord) -> String { Identifiers.hex(step.uuid) + "-instances" }

    /// A job a sub-workflow step started, as its panel links to it.
    static func subWorkflowJob(_ job: JobRecord) -> JSON {
        [
            "id": .int(Int(job.number)), "uuid": .string(job.uuid.uuidString.lowercased()),
            "workflow": .string(job.workflow), "status": .string(job.status.name),
        ]
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
    static func graph(_ layout: DAGLayout, ids: [String]) -> [String: JSON] {
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
            "graph": .object(graph(layout, ids: ids)),
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
