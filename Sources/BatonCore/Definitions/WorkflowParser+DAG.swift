import Foundation
import Yams

/// Baton's DAG form: steps with an `id` and the steps they `needs`.
extension WorkflowParser {
    mutating func parseDAG(_ items: [Node], workflow: String, queues: QueueSpec) -> [Step] {
        var steps: [Step] = []
        var needNames: [[(String, Int?)]] = []
        var indexById: [String: Int] = [:]
        for item in items {
            guard var map = YAMLMapping(item), let id = map.take("id")?.plainString, !id.isEmpty else {
                fail(
                    item.line, workflow,
                    "in the DAG form every task is a mapping with a string 'id' (do not mix it with the chain form)")
                continue
            }
            if indexById[id] != nil {
                fail(item.line, workflow, task: id, field: "id", "duplicate id '\(id)'")
                continue
            }
            var collected: [DefinitionError] = []
            let file = self.file
            let bodyParser = TaskBodyParser(connections: connections, pools: pools) { line, field, problem in
                collected.append(
                    DefinitionError(
                        file: file, line: line ?? item.line, workflow: workflow, task: id, field: field, problem: problem))
            }
            let inlineKind = bodyParser.kind(in: &map, keys: TaskBodyParser.stepKindKeys)
            // With `workflow` given, `payload` is its own; left over it means another kind won,
            // which is reported already.
            if map.has("payload"), !map.taken.contains("payload") {
                _ = map.take("payload")
                if !map.has("workflow") {
                    fail(
                        map.line(of: "payload"), workflow, task: id, field: "payload",
                        "goes with 'workflow: project.NAME' (it is the child job's payload)")
                }
            }
            let taskName = map.take("task")?.plainString
            var body: TaskBody?
            switch (taskName, inlineKind) {
            case (let name?, nil): body = resolve(name, line: map.line(of: "task"), workflow: workflow, task: id)
            case (nil, let kind?): body = TaskBody(kind: kind)
            case (_?, _?):
                fail(map.line(of: "task"), workflow, task: id, field: "task", "give either 'task' or an inline body, not both")
            case (nil, nil):
                if collected.isEmpty {
                    fail(
                        item.line, workflow, task: id,
                        "needs 'task: NAME' or an inline body (\(TaskBodyParser.stepKindKeys.joined(separator: ", ")))")
                }
            }
            // Without a body an error is already recorded and the workflow is dropped; keep parsing
            // the rest of the step so that all of its problems are reported at once.
            var resolved = body ?? TaskBody(kind: .shell(.script("")))
            bodyParser.common(in: &map, into: &resolved)
            if body != nil { bodyParser.check(&resolved, line: map.line(of: "params") ?? item.line) }
            let displayName = map.take("name")?.plainString ?? id
            var needs: [(String, Int?)] = []
            if let node = map.take("needs") {
                if case .sequence(let list) = node, list.allSatisfy({ $0.plainString != nil }) {
                    needs = list.map { ($0.plainString!, $0.line) }
                } else {
                    fail(map.line(of: "needs"), workflow, task: id, field: "needs", "must be a list of task ids")
                }
            }
            let parentIds = needs.map(\.0)
            if let node = map.take("when") {
                resolved.when = parseWhen(node, line: map.line(of: "when"), parents: parentIds, workflow: workflow, task: id)
            }
            if let node = map.take("foreach") {
                resolved.foreach = parseForeach(
                    node, line: map.line(of: "foreach"), parents: parentIds, workflow: workflow, task: id)
            }
            if case .workflow(let call) = resolved.kind {
                subWorkflowCalls.append(
                    SubWorkflowReference(workflow: workflow, step: id, target: call.workflow, line: map.line(of: "workflow")))
            }
            // `customs` may name the step's id or its task (load checks accept both).
            var queue = queues.customs[id] ?? queues.queue(for: taskName ?? id)
            if let node = map.take("queue") {
                if let name = node.plainString {
                    queue = name
                } else {
                    fail(map.line(of: "queue"), workflow, task: id, field: "queue", "must be a queue name")
                }
            }
            for (key, keyLine) in map.unknownKeys {
                fail(keyLine, workflow, task: id, field: key, "unknown key (expected \(Self.stepKeys.joined(separator: ", ")))")
            }
            errors += collected
            indexById[id] = steps.count
            needNames.append(needs)
            steps.append(
                Step(
                    index: steps.count, key: id, name: displayName, taskName: taskName ?? id, body: resolved, needs: [],
                    queue: queue))
        }
        for index in steps.indices {
            for (need, line) in needNames[index] {
                if let parent = indexById[need] {
                    steps[index].needs.append(parent)
                } else {
                    fail(line, workflow, task: steps[index].key, field: "needs", "unknown task id '\(need)'")
                }
            }
            // A sub-workflow's payload template names its parents' results by step id.
            if case .workflow(var call) = steps[index].body.kind {
                call.parentKeys = steps[index].needs.map { steps[$0].key }
                steps[index].body.kind = .workflow(call)
            }
        }
        if let cycle = GraphCheck.cycle(in: steps.map(\.needs)) {
            let path = cycle.map { steps[$0].key }.joined(separator: " -> ")
            fail(nil, workflow, task: steps[cycle[0]].key, field: "needs", "cycle: \(path)")
        }
        return steps
    }
}
