import Foundation
import Yams

/// Parses `workflows.yml`: Director's chain syntax (names and `type: group` mappings)
/// and Baton's DAG form (mappings with `id` and `needs`).
struct WorkflowParser {
    let file: String
    let catalog: [String: TaskBody]
    /// tasks.yml entries with errors of their own, already reported.
    let brokenTasks: Set<String>
    let swiftTasks: Set<String>
    let schema: (String) -> SchemaLookup
    /// baton.yml's connection names, when known.
    var connections: Set<String>? = nil
    private(set) var errors: [DefinitionError] = []

    static let workflowKeys = ["tasks", "hooks", "periodic", "schema", "queue", "retention"]
    static let stepKeys = ["id", "task", "name", "needs", "queue"] + TaskBodyParser.kindKeys + TaskCatalogParser.commonKeys

    init(file: String, catalog: [String: TaskBody], brokenTasks: Set<String>, swiftTasks: Set<String>,
         schema: @escaping (String) -> SchemaLookup) {
        self.file = file
        self.catalog = catalog
        self.brokenTasks = brokenTasks
        self.swiftTasks = swiftTasks
        self.schema = schema
    }

    mutating func parse(_ text: String) -> [WorkflowDefinition] {
        let root: Node?
        do {
            root = try YAMLDocument.parse(text, file: file)
        } catch let failure as DefinitionErrors {
            errors += failure.errors
            return []
        } catch {
            errors.append(DefinitionError(file: file, problem: "\(error)"))
            return []
        }
        guard let root else { return [] }
        guard case .mapping(let mapping) = root else {
            errors.append(DefinitionError(file: file, line: root.line, problem: "must be a mapping of workflow names (project.NAME) to definitions"))
            return []
        }
        var workflows: [WorkflowDefinition] = []
        for (keyNode, value) in mapping {
            let fullName = keyNode.string ?? "\(keyNode)"
            let before = errors.count
            if let workflow = parseWorkflow(fullName, node: value, line: keyNode.line), errors.count == before {
                workflows.append(workflow)
            }
        }
        return workflows
    }

    private mutating func fail(_ line: Int?, _ workflow: String?, task: String? = nil, field: String? = nil, _ problem: String) {
        errors.append(DefinitionError(file: file, line: line, workflow: workflow, task: task, field: field, problem: problem))
    }

    private mutating func parseWorkflow(_ fullName: String, node: Node, line: Int?) -> WorkflowDefinition? {
        guard let dot = fullName.firstIndex(of: "."), dot != fullName.startIndex, dot != fullName.index(before: fullName.endIndex) else {
            fail(line, fullName, "the name must be project.NAME")
            return nil
        }
        let project = String(fullName[..<dot])
        let name = String(fullName[fullName.index(after: dot)...])
        guard var map = YAMLMapping(node) else {
            fail(line, fullName, "must be a mapping with a 'tasks' list")
            return nil
        }
        let queues = parseQueue(map.take("queue"), line: map.line(of: "queue"), workflow: fullName)
        guard let tasksNode = map.take("tasks"), case .sequence(let items) = tasksNode, !items.isEmpty else {
            fail(map.line(of: "tasks") ?? line, fullName, field: "tasks", "must be a non-empty list of tasks")
            return nil
        }
        let isDAG = items.contains { YAMLMapping($0)?.has("id") == true }
        var steps = isDAG
            ? parseDAG(Array(items), workflow: fullName, queues: queues)
            : parseChain(Array(items), workflow: fullName, queues: queues)
        steps = steps.enumerated().map { index, step in var step = step; step.index = index; return step }

        var successHook: Step?
        var failureHook: Step?
        if let hooksNode = map.take("hooks") {
            if var hooks = YAMLMapping(hooksNode) {
                successHook = hooks.take("success").flatMap { hookStep($0, workflow: fullName, queues: queues) }
                failureHook = hooks.take("failure").flatMap { hookStep($0, workflow: fullName, queues: queues) }
                for (key, keyLine) in hooks.unknownKeys {
                    fail(keyLine, fullName, field: "hooks.\(key)", "unknown hook (expected success, failure)")
                }
            } else {
                fail(map.line(of: "hooks"), fullName, field: "hooks", "must be a mapping {success: TASK, failure: TASK}")
            }
        }
        let periodic = map.take("periodic").flatMap { parsePeriodic($0, line: map.line(of: "periodic"), workflow: fullName) }
        var schemaName: String?
        var schemaValue: JSON?
        if let node = map.take("schema") {
            (schemaName, schemaValue) = parseSchema(node, line: map.line(of: "schema"), workflow: fullName)
        }
        var retention: Int?
        if let node = map.take("retention") {
            if var retentionMap = YAMLMapping(node), case .int(let offset)? = retentionMap.take("offset")?.json, offset >= -1,
                retentionMap.unknownKeys.isEmpty
            {
                retention = offset
            } else {
                fail(map.line(of: "retention"), fullName, field: "retention", "must be {offset: N} with N a whole number, -1 or more")
            }
        }
        for (key, keyLine) in map.unknownKeys {
            fail(keyLine, fullName, field: key, "unknown key (expected \(Self.workflowKeys.joined(separator: ", ")))")
        }
        checkQueueCustoms(queues, steps: steps, hooks: [successHook, failureHook].compactMap { $0 }, workflow: fullName, line: map.line(of: "queue"))
        return WorkflowDefinition(fullName: fullName, project: project, name: name, file: file, steps: steps,
                                  successHook: successHook, failureHook: failureHook, periodic: periodic,
                                  schemaName: schemaName, schema: schemaValue, retentionOffset: retention,
                                  source: node.json)
    }

    // MARK: Director chains and groups

    private mutating func parseChain(_ items: [Node], workflow: String, queues: QueueSpec) -> [Step] {
        var steps: [Step] = []
        var previousLayer: [Int] = []
        for item in items {
            var layer: [Int] = []
            if let name = item.plainString {
                if let step = namedStep(name, line: item.line, workflow: workflow, queues: queues, needs: previousLayer, index: steps.count) {
                    layer.append(steps.count)
                    steps.append(step)
                }
            } else if let group = YAMLMapping(item), group.pairs.count == 1 {
                let groupName = group.pairs[0].key
                guard var body = YAMLMapping(group.pairs[0].value), body.take("type")?.plainString == "group" else {
                    fail(item.line, workflow, task: groupName, "a mapping in a chain must be a group: give it 'type: group' and a 'tasks' list")
                    continue
                }
                guard let tasksNode = body.take("tasks"), case .sequence(let members) = tasksNode, !members.isEmpty else {
                    fail(body.line(of: "tasks") ?? item.line, workflow, task: groupName, field: "tasks", "a group needs a non-empty 'tasks' list of task names")
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
                    if let step = namedStep(name, line: member.line, workflow: workflow, queues: queues, needs: previousLayer, index: steps.count) {
                        layer.append(steps.count)
                        steps.append(step)
                    }
                }
            } else {
                fail(item.line, workflow, "each item of 'tasks' must be a task name or a group mapping {NAME: {type: group, tasks: [...]}}")
            }
            previousLayer = layer
        }
        return steps
    }

    private mutating func namedStep(_ name: String, line: Int?, workflow: String, queues: QueueSpec, needs: [Int], index: Int) -> Step? {
        guard let body = resolve(name, line: line, workflow: workflow, task: name) else { return nil }
        return Step(index: index, key: name, name: name, taskName: name, body: body, needs: needs, queue: queues.queue(for: name))
    }

    private mutating func hookStep(_ node: Node, workflow: String, queues: QueueSpec) -> Step? {
        guard let name = node.plainString else {
            fail(node.line, workflow, field: "hooks", "a hook must be a task name")
            return nil
        }
        return namedStep(name, line: node.line, workflow: workflow, queues: queues, needs: [], index: -1)
    }

    private mutating func resolve(_ name: String, line: Int?, workflow: String, task: String) -> TaskBody? {
        if let body = catalog[name] { return body }
        if swiftTasks.contains(name) { return TaskBody(kind: .swift(name)) }
        if brokenTasks.contains(name) || brokenTasks.contains(TaskCatalogParser.wholeFile) {
            // Reported against tasks.yml already; the set is rejected either way.
            return nil
        }
        fail(line, workflow, task: task, "unknown task '\(name)': it is neither in tasks.yml nor a registered Swift task")
        return nil
    }

    // MARK: DAG form

    private mutating func parseDAG(_ items: [Node], workflow: String, queues: QueueSpec) -> [Step] {
        var steps: [Step] = []
        var needNames: [[(String, Int?)]] = []
        var indexById: [String: Int] = [:]
        for item in items {
            guard var map = YAMLMapping(item), let id = map.take("id")?.plainString, !id.isEmpty else {
                fail(item.line, workflow, "in the DAG form every task is a mapping with a string 'id' (do not mix it with the chain form)")
                continue
            }
            if indexById[id] != nil {
                fail(item.line, workflow, task: id, field: "id", "duplicate id '\(id)'")
                continue
            }
            var collected: [DefinitionError] = []
            let file = self.file
            let bodyParser = TaskBodyParser(connections: connections) { line, field, problem in
                collected.append(DefinitionError(file: file, line: line ?? item.line, workflow: workflow, task: id, field: field, problem: problem))
            }
            let inlineKind = bodyParser.kind(in: &map)
            let taskName = map.take("task")?.plainString
            var body: TaskBody?
            switch (taskName, inlineKind) {
            case (let name?, nil): body = resolve(name, line: map.line(of: "task"), workflow: workflow, task: id)
            case (nil, let kind?): body = TaskBody(kind: kind)
            case (_?, _?): fail(map.line(of: "task"), workflow, task: id, field: "task", "give either 'task' or an inline body, not both")
            case (nil, nil):
                if collected.isEmpty {
                    fail(item.line, workflow, task: id, "needs 'task: NAME' or an inline body (\(TaskBodyParser.kindKeys.joined(separator: ", ")))")
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
            // `customs` may name the step's id or its task (load checks accept both).
            var queue = queues.customs[id] ?? queues.queue(for: taskName ?? id)
            if let node = map.take("queue") {
                if let name = node.plainString { queue = name } else {
                    fail(map.line(of: "queue"), workflow, task: id, field: "queue", "must be a queue name")
                }
            }
            for (key, keyLine) in map.unknownKeys {
                fail(keyLine, workflow, task: id, field: key, "unknown key (expected \(Self.stepKeys.joined(separator: ", ")))")
            }
            errors += collected
            indexById[id] = steps.count
            needNames.append(needs)
            steps.append(Step(index: steps.count, key: id, name: displayName, taskName: taskName ?? id, body: resolved, needs: [], queue: queue))
        }
        for index in steps.indices {
            for (need, line) in needNames[index] {
                if let parent = indexById[need] {
                    steps[index].needs.append(parent)
                } else {
                    fail(line, workflow, task: steps[index].key, field: "needs", "unknown task id '\(need)'")
                }
            }
        }
        if let cycle = GraphCheck.cycle(in: steps.map(\.needs)) {
            let path = cycle.map { steps[$0].key }.joined(separator: " -> ")
            fail(nil, workflow, task: steps[cycle[0]].key, field: "needs", "cycle: \(path)")
        }
        return steps
    }

    // MARK: Other workflow keys

    private mutating func parseQueue(_ node: Node?, line: Int?, workflow: String) -> QueueSpec {
        guard let node else { return QueueSpec() }
        if let name = node.plainString { return QueueSpec(defaultQueue: name) }
        if var map = YAMLMapping(node) {
            var spec = QueueSpec()
            if let name = map.take("default")?.plainString { spec.defaultQueue = name }
            if let customs = map.take("customs") {
                if case .object(let values) = customs.json, values.values.allSatisfy({ $0.stringValue != nil }) {
                    spec.customs = values.mapValues { $0.stringValue! }
                } else {
                    fail(map.line(of: "customs"), workflow, field: "queue.customs", "must map task names to queue names")
                }
            }
            for (key, keyLine) in map.unknownKeys {
                fail(keyLine, workflow, field: "queue.\(key)", "unknown key (expected default, customs)")
            }
            return spec
        }
        fail(line, workflow, field: "queue", "must be a queue name or {default: NAME, customs: {TASK: NAME}}")
        return QueueSpec()
    }

    private mutating func checkQueueCustoms(_ queues: QueueSpec, steps: [Step], hooks: [Step], workflow: String, line: Int?) {
        let used = Set((steps + hooks).flatMap { [$0.taskName, $0.key] })
        for name in queues.customs.keys.sorted() where !used.contains(name) {
            fail(line, workflow, field: "queue.customs", "names task '\(name)', which this workflow does not use")
        }
    }

    private mutating func parsePeriodic(_ node: Node, line: Int?, workflow: String) -> Periodic? {
        guard var map = YAMLMapping(node) else {
            fail(line, workflow, field: "periodic", "must be {interval: SECONDS} or {crontab: \"m h dom mon dow\"}")
            return nil
        }
        let interval = map.take("interval")
        let crontab = map.take("crontab")
        var payload: JSON = .object([:])
        if let node = map.take("payload") {
            payload = node.json
            if payload.objectValue == nil {
                fail(map.line(of: "payload"), workflow, field: "periodic.payload", "must be a mapping")
            }
        }
        for (key, keyLine) in map.unknownKeys {
            fail(keyLine, workflow, field: "periodic.\(key)", "unknown key (expected interval or crontab, and payload)")
        }
        switch (interval, crontab) {
        case (let node?, nil):
            // Director reads the interval as a float; below a second a schedule would only thrash.
            guard let seconds = node.json.doubleValue, seconds.isFinite, seconds >= 1 else {
                fail(map.line(of: "interval"), workflow, field: "periodic.interval", "must be a number of seconds, at least 1")
                return nil
            }
            return Periodic(rule: .interval(seconds: seconds), payload: payload)
        case (nil, let node?):
            guard let expression = node.scalar?.string else {
                fail(map.line(of: "crontab"), workflow, field: "periodic.crontab", "must be a crontab string")
                return nil
            }
            do {
                return Periodic(rule: .crontab(try Crontab(expression)), payload: payload)
            } catch {
                fail(map.line(of: "crontab"), workflow, field: "periodic.crontab", "\(error)")
                return nil
            }
        default:
            fail(line, workflow, field: "periodic", "give exactly one of interval and crontab")
            return nil
        }
    }

    private mutating func parseSchema(_ node: Node, line: Int?, workflow: String) -> (String?, JSON?) {
        guard let name = node.plainString, SchemaName.isSafe(name) else {
            fail(line, workflow, field: "schema", "must be a schema name inside schemas/ (letters, digits, '_', '-', '/'; no '..')")
            return (nil, nil)
        }
        switch schema(name) {
        case .found(let value, let path):
            let problems = SchemaReferences.problems(in: value)
            guard problems.isEmpty else {
                for problem in problems { fail(line, workflow, field: "schema", "schema file \(path): \(problem)") }
                return (nil, nil)
            }
            return (name, value)
        case .missing(let path):
            fail(line, workflow, field: "schema", "schema file \(path) does not exist")
        case .invalid(let path, let reason):
            fail(line, workflow, field: "schema", "schema file \(path) is not a valid JSON schema: \(reason)")
        }
        return (nil, nil)
    }
}

/// Which queue each task goes to: `queue: NAME` or `queue: {default: NAME, customs: {TASK: NAME}}`.
struct QueueSpec {
    var defaultQueue = QueueName.default
    var customs: [String: String] = [:]

    func queue(for task: String) -> String { customs[task] ?? defaultQueue }
}

public enum SchemaName {
    /// A schema name may not leave the home's `schemas/` folder.
    public static func isSafe(_ name: String) -> Bool {
        guard !name.isEmpty, !name.hasPrefix("/"), name.count <= 200 else { return false }
        let allowed = name.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) && $0.isASCII || "_-/.".unicodeScalars.contains($0)
        }
        return allowed && !name.split(separator: "/").contains { $0 == ".." || $0 == "." || $0.isEmpty }
    }
}
