import Foundation
import Yams

/// Director's syntax: a chain of task names, and `type: group` mappings that run side by side.
extension WorkflowParser {
    mutating func parseChain(_ items: [Node], workflow: String, queues: QueueSpec) -> [Step] {
        var steps: [Step] = []
        var previousLayer: [Int] = []
        for item in items {
            var layer: [Int] = []
            if let name = item.plainString {
                if let step = namedStep(
                    name, line: item.line, workflow: workflow, queues: queues, needs: previousLayer, index: steps.count)
                {
                    layer.append(steps.count)
                    steps.append(step)
                }
            } else if let group = YAMLMapping(item), group.pairs.count == 1 {
                let groupName = group.pairs[0].key
                guard var body = YAMLMapping(group.pairs[0].value), body.take("type")?.plainString == "group" else {
                    fail(
                        item.line, workflow, task: groupName,
                        "a mapping in a chain must be a group: give it 'type: group' and a 'tasks' list")
                    continue
                }
                guard let tasksNode = body.take("tasks"), case .sequence(let members) = tasksNode, !members.isEmpty else {
                    fail(
                        body.line(of: "tasks") ?? item.line, workflow, task: groupName, field: "tasks",
                        "a group needs a non-empty 'tasks' list of task names")
                    continue
                }
                for (key, keyLine) in body.unknownKeys {
                    fail(keyLine, workflow, task: groupName, field: key, "unknown key in a group (expected type, tasks)")
                }
                for member in Array(members) {
                    guard let name = member.plainString else {
                        fail(member.line, workflow, task: groupName, "group members must be task names")
                        continue
                    }
                    if let step = namedStep(
                        name, line: member.line, workflow: workflow, queues: queues, needs: previousLayer, index: steps.count)
                    {
                        layer.append(steps.count)
                        steps.append(step)
                    }
                }
            } else {
                fail(
                    item.line, workflow,
                    "each item of 'tasks' must be a task name or a group mapping {NAME: {type: group, tasks: [...]}}")
            }
            previousLayer = layer
        }
        return steps
    }

    mutating func namedStep(_ name: String, line: Int?, workflow: String, queues: QueueSpec, needs: [Int], index: Int) -> Step? {
        guard let body = resolve(name, line: line, workflow: workflow, task: name) else { return nil }
        return Step(index: index, key: name, name: name, taskName: name, body: body, needs: needs, queue: queues.queue(for: name))
    }

    mutating func hookStep(_ node: Node, workflow: String, queues: QueueSpec) -> Step? {
        guard let name = node.plainString else {
            fail(node.line, workflow, field: "hooks", "a hook must be a task name")
            return nil
        }
        return namedStep(name, line: node.line, workflow: workflow, queues: queues, needs: [], index: -1)
    }

    mutating func resolve(_ name: String, line: Int?, workflow: String, task: String) -> TaskBody? {
        if let body = catalog[name] { return body }
        if swiftTasks.contains(name) { return TaskBody(kind: .swift(name)) }
        if brokenTasks.contains(name) || brokenTasks.contains(TaskCatalogParser.wholeFile) {
            // Reported against tasks.yml already; the set is rejected either way.
            return nil
        }
        fail(line, workflow, task: task, "unknown task '\(name)': it is neither in tasks.yml nor a registered Swift task")
        return nil
    }
}
