/// A problem in a home's definition files, located as precisely as we know:
/// file and line, workflow, task, field.
public struct DefinitionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var workflow: String?
    public var task: String?
    public var field: String?
    public var problem: String

    public init(
        file: String, line: Int? = nil, workflow: String? = nil, task: String? = nil,
        field: String? = nil, problem: String
    ) {
        self.file = file
        self.line = line
        self.workflow = workflow
        self.task = task
        self.field = field
        self.problem = problem
    }

    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        var parts: [String] = []
        if let workflow { parts.append("workflow \(workflow)") }
        if let task { parts.append("task \(task)") }
        if let field { parts.append("field '\(field)'") }
        let subject = parts.isEmpty ? "" : parts.joined(separator: ", ") + ": "
        return "\(place): \(subject)\(problem)"
    }
}

/// Every problem found while loading a home: a definition set is valid or rejected as a whole.
public struct DefinitionErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [DefinitionError]
    public init(_ errors: [DefinitionError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
