/// A DAG step's `workflow: project.NAME`, where it is written.
struct SubWorkflowReference {
    /// The calling workflow.
    var workflow: String
    /// The calling step's id.
    var step: String
    /// The workflow it starts a job of.
    var target: String
    var line: Int?
}

/// The checks on sub-workflow steps that need every workflow parsed (SPEC §13): the workflow
/// named must have loaded, and no workflow may reach itself through them, since such a job
/// would start jobs without end.
enum SubWorkflowCheck {
    static func errors(
        _ references: [SubWorkflowReference], file: String, declared: Set<String>, loaded: [WorkflowDefinition]
    ) -> [DefinitionError] {
        var errors: [DefinitionError] = []
        let loadedNames = Set(loaded.map(\.fullName))
        for reference in references where !loadedNames.contains(reference.target) {
            let problem =
                declared.contains(reference.target)
                ? "workflow '\(reference.target)' has errors of its own (reported with it)"
                : "unknown workflow '\(reference.target)': \(file) does not define it"
            errors.append(
                DefinitionError(
                    file: file, line: reference.line, workflow: reference.workflow, task: reference.step, field: "workflow",
                    problem: problem))
        }
        let names = loaded.map(\.fullName)
        let position = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var calls = Array(repeating: [Int](), count: names.count)
        for reference in references {
            guard let from = position[reference.workflow], let to = position[reference.target] else { continue }
            calls[from].append(to)
        }
        // GraphCheck walks "needs" edges and returns the cycle in the opposite direction: read
        // backwards, it is the order of the calls.
        if let cycle = GraphCheck.cycle(in: calls) {
            let order = Array(cycle.reversed())
            let first = names[order[0]]
            let second = names[order[1]]
            let reference = references.first { $0.workflow == first && $0.target == second }
            errors.append(
                DefinitionError(
                    file: file, line: reference?.line, workflow: first, task: reference?.step, field: "workflow",
                    problem: "sub-workflow cycle: \(order.map { names[$0] }.joined(separator: " -> "))"))
        }
        return errors
    }
}
