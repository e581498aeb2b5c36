/// What the loader needs to know about a schema name: the home resolves it to a file.
public enum SchemaLookup: Sendable {
    case found(JSON)
    case missing(path: String)
    case invalid(path: String, reason: String)
}

/// The texts of a home's definition files. Reading them from disk is the caller's job.
public struct DefinitionSources: Sendable {
    public var workflows: String
    public var workflowsFile: String
    public var tasks: String?
    public var tasksFile: String

    public init(workflows: String, workflowsFile: String = "workflows.yml", tasks: String? = nil,
                tasksFile: String = "tasks.yml") {
        self.workflows = workflows
        self.workflowsFile = workflowsFile
        self.tasks = tasks
        self.tasksFile = tasksFile
    }
}

public enum DefinitionLoader {
    /// Loads and validates every definition; throws `DefinitionErrors` listing every problem.
    /// `connections`: the names under baton.yml's `connections` (nil: not checked).
    public static func load(_ sources: DefinitionSources, swiftTasks: Set<String>, connections: Set<String>? = nil,
                            schema: @escaping (String) -> SchemaLookup) throws -> DefinitionSet {
        var errors: [DefinitionError] = []
        var broken: Set<String> = []
        let catalog = sources.tasks.map {
            TaskCatalogParser.parse($0, file: sources.tasksFile, connections: connections, errors: &errors, broken: &broken)
        } ?? [:]
        var parser = WorkflowParser(file: sources.workflowsFile, catalog: catalog, brokenTasks: broken,
                                    swiftTasks: swiftTasks, schema: schema)
        parser.connections = connections
        let workflows = parser.parse(sources.workflows)
        errors += parser.errors
        var byId: [UInt32: String] = [:]
        for workflow in workflows {
            if let other = byId[workflow.id] {
                errors.append(DefinitionError(file: sources.workflowsFile, workflow: workflow.fullName,
                                              problem: "its numeric id \(workflow.id) collides with workflow \(other); rename one of them"))
            }
            byId[workflow.id] = workflow.fullName
        }
        if !errors.isEmpty { throw DefinitionErrors(errors) }
        return DefinitionSet(workflows: workflows, tasks: catalog)
    }
}

/// A valid set of definitions, looked up by full name or numeric id.
public struct DefinitionSet: Sendable {
    public let workflows: [WorkflowDefinition]
    public let tasks: [String: TaskBody]
    private let byName: [String: Int]
    private let byId: [UInt32: Int]

    public init(workflows: [WorkflowDefinition], tasks: [String: TaskBody] = [:]) {
        self.workflows = workflows.sorted { $0.fullName < $1.fullName }
        self.tasks = tasks
        byName = Dictionary(self.workflows.enumerated().map { ($1.fullName, $0) }, uniquingKeysWith: { first, _ in first })
        byId = Dictionary(self.workflows.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func workflow(named fullName: String) -> WorkflowDefinition? {
        byName[fullName].map { workflows[$0] }
    }

    public func workflow(id: UInt32) -> WorkflowDefinition? {
        byId[id].map { workflows[$0] }
    }
}
