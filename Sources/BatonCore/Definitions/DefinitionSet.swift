import Foundation

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
