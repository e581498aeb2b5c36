/// What the loader needs to know about a schema name: the home resolves it to a file.
public enum SchemaLookup: Sendable {
    case found(JSON, path: String)
    case missing(path: String)
    case invalid(path: String, reason: String)
}

/// The texts of a home's definition files. Reading them from disk is the caller's job.
public struct DefinitionSources: Sendable {
    public var workflows: String
    public var workflowsFile: String
    public var tasks: String?
    public var tasksFile: String

    public init(
        workflows: String, workflowsFile: String = "workflows.yml", tasks: String? = nil,
        tasksFile: String = "tasks.yml"
    ) {
        self.workflows = workflows
        self.workflowsFile = workflowsFile
        self.tasks = tasks
        self.tasksFile = tasksFile
    }
}

public enum DefinitionLoader {
    /// Loads and validates every definition; throws `DefinitionErrors` listing every problem.
    /// `connections`: the names under baton.yml's `connections` (nil: not checked); `pools`
    /// likewise for its `pools`.
    /// `workdirProblem` answers, for a task's `workdir` as written, why it is not a usable
    /// folder (nil: it is one); the home checks the file system, pure callers need not.
    public static func load(
        _ sources: DefinitionSources, swiftTasks: Set<String>, connections: Set<String>? = nil,
        pools: Set<String>? = nil, schema: @escaping (String) -> SchemaLookup,
        workdirProblem: (String) -> String? = { _ in nil }
    ) throws -> DefinitionSet {
        var errors: [DefinitionError] = []
        var broken: Set<String> = []
        let catalog =
            sources.tasks.map {
                TaskCatalogParser.parse(
                    $0, file: sources.tasksFile, connections: connections, pools: pools, errors: &errors, broken: &broken)
            } ?? [:]
        var parser = WorkflowParser(
            file: sources.workflowsFile, catalog: catalog, brokenTasks: broken,
            swiftTasks: swiftTasks, schema: schema)
        parser.connections = connections
        parser.pools = pools
        let workflows = parser.parse(sources.workflows)
        errors += parser.errors
        errors += SubWorkflowCheck.errors(
            parser.subWorkflowCalls, file: sources.workflowsFile, declared: parser.declaredWorkflows, loaded: workflows)
        errors += workdirErrors(sources, catalog: catalog, workflows: workflows, problem: workdirProblem)
        var byId: [UInt32: String] = [:]
        for workflow in workflows {
            if let other = byId[workflow.id] {
                errors.append(
                    DefinitionError(
                        file: sources.workflowsFile, workflow: workflow.fullName,
                        problem: "its numeric id \(workflow.id) collides with workflow \(other); rename one of them"))
            }
            byId[workflow.id] = workflow.fullName
        }
        if !errors.isEmpty { throw DefinitionErrors(errors) }
        return DefinitionSet(workflows: workflows, tasks: catalog)
    }
}

extension DefinitionLoader {
    /// A `workdir` must be a folder when definitions load (SPEC §10), named in the file that
    /// says it: `tasks.yml` for catalog entries, `workflows.yml` for inline steps.
    static func workdirErrors(
        _ sources: DefinitionSources, catalog: [String: TaskBody], workflows: [WorkflowDefinition],
        problem: (String) -> String?
    ) -> [DefinitionError] {
        var errors: [DefinitionError] = []
        for (name, body) in catalog.sorted(by: { $0.key < $1.key }) {
            guard let workdir = body.workdir, let reason = problem(workdir) else { continue }
            errors.append(DefinitionError(file: sources.tasksFile, task: name, field: "workdir", problem: reason))
        }
        for workflow in workflows {
            let steps = workflow.steps + [workflow.successHook, workflow.failureHook].compactMap { $0 }
            for step in steps {
                guard let workdir = step.body.workdir, catalog[step.taskName]?.workdir != workdir,
                    let reason = problem(workdir)
                else { continue }
                errors.append(
                    DefinitionError(
                        file: sources.workflowsFile, workflow: workflow.fullName, task: step.key,
                        field: "workdir", problem: reason))
            }
        }
        return errors
    }
}
