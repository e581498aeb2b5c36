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
    /// baton.yml's pool names, when known.
    var pools: Set<String>? = nil
    /// Every workflow name the file declares, loaded or not: a step calling one that failed to
    /// load is told so rather than that it does not exist.
    var declaredWorkflows: Set<String> = []
    /// The `workflow:` steps seen, checked against each other once every workflow is parsed.
    var subWorkflowCalls: [SubWorkflowReference] = []
    /// Every problem found so far (the sections in WorkflowParser+*.swift add to it).
    var errors: [DefinitionError] = []

    static let workflowKeys = ["tasks", "hooks", "periodic", "schema", "queue", "retention", "concurrency", "priority"]
    static let stepKeys =
        ["id", "task", "name", "needs", "queue", "when", "foreach"] + TaskBodyParser.stepKindKeys + ["payload"]
        + TaskCatalogParser.commonKeys

    init(
        file: String, catalog: [String: TaskBody], brokenTasks: Set<String>, swiftTasks: Set<String>,
        schema: @escaping (String) -> SchemaLookup
    ) {
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
            errors.append(
                DefinitionError(
                    file: file, line: root.line, problem: "must be a mapping of workflow names (project.NAME) to definitions"))
            return []
        }
        var workflows: [WorkflowDefinition] = []
        for (keyNode, value) in mapping {
            let fullName = keyNode.string ?? "\(keyNode)"
            declaredWorkflows.insert(fullName)
            let before = errors.count
            if let workflow = parseWorkflow(fullName, node: value, line: keyNode.line), errors.count == before {
                workflows.append(workflow)
            }
        }
        return workflows
    }

    mutating func fail(_ line: Int?, _ workflow: String?, task: String? = nil, field: String? = nil, _ problem: String) {
        errors.append(DefinitionError(file: file, line: line, workflow: workflow, task: task, field: field, problem: problem))
    }

    mutating func parseWorkflow(_ fullName: String, node: Node, line: Int?) -> WorkflowDefinition? {
        guard let (project, name) = WorkflowName.split(fullName) else {
            fail(line, fullName, "the name must be project.NAME")
            return nil
        }
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
        var steps =
            isDAG
            ? parseDAG(Array(items), workflow: fullName, queues: queues)
            : parseChain(Array(items), workflow: fullName, queues: queues)
        steps = steps.enumerated().map { index, step in
            var step = step
            step.index = index
            return step
        }

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
                fail(
                    map.line(of: "retention"), fullName, field: "retention",
                    "must be {offset: N} with N a whole number, -1 or more")
            }
        }
        let concurrency = map.take("concurrency").flatMap {
            parseLimit($0, line: map.line(of: "concurrency"), workflow: fullName, field: "concurrency")
        }
        var priority = 0
        if let node = map.take("priority") {
            if case .int(let value) = node.json {
                priority = value
            } else {
                fail(map.line(of: "priority"), fullName, field: "priority", "must be a whole number (higher first; default 0)")
            }
        }
        for (key, keyLine) in map.unknownKeys {
            fail(keyLine, fullName, field: key, "unknown key (expected \(Self.workflowKeys.joined(separator: ", ")))")
        }
        checkQueueCustoms(
            queues, steps: steps, hooks: [successHook, failureHook].compactMap { $0 }, workflow: fullName,
            line: map.line(of: "queue"))
        return WorkflowDefinition(
            fullName: fullName, project: project, name: name, file: file, steps: steps,
            successHook: successHook, failureHook: failureHook, periodic: periodic,
            schemaName: schemaName, schema: schemaValue, retentionOffset: retention,
            source: node.json, concurrency: concurrency, priority: priority)
    }
}
