import Foundation
import Synchronization

/// What a Swift task receives (SPEC §8): the job's payload, its params after input
/// overrides, its parents' results and rows, and a sink for result rows.
public struct TaskContext: Sendable {
    public let jobId: UUID
    public let jobNumber: Int64
    public let taskId: UUID
    public let taskKey: String
    public let attempt: Int
    public let payload: JSON
    public let params: [String: JSON]
    /// A single parent's result, the list of a group's results in `previous` order, or null.
    public let parents: JSON
    /// The rows of every parent, in `previous` order, read from the store a page at a time
    /// (SPEC §3): iterate with `for try await row in context.parentRows`.
    public let parentRows: RowSequence
    /// A fan-out instance's item (SPEC §13): what a shell task sees as `BATON_ITEM`,
    /// `BATON_ITEM_INDEX` and `BATON_ITEM_n`; nil for other tasks.
    public let item: FanOutItem?
    private let rows: RowCollector

    public init(
        jobId: UUID, jobNumber: Int64, taskId: UUID, taskKey: String, attempt: Int, payload: JSON,
        params: [String: JSON], parents: JSON, parentRows: RowSequence = .empty, item: FanOutItem? = nil,
        rows: RowCollector = RowCollector()
    ) {
        self.jobId = jobId
        self.jobNumber = jobNumber
        self.taskId = taskId
        self.taskKey = taskKey
        self.attempt = attempt
        self.payload = payload
        self.params = params
        self.parents = parents
        self.parentRows = parentRows
        self.item = item
        self.rows = rows
    }

    /// Adds one result row (served by Explorer's `sample_result`).
    public func emit(row: [String]) {
        rows.append(row)
    }
}

/// Collects the rows a Swift task emits.
public final class RowCollector: Sendable {
    private let storage = Mutex<[[String]]>([])
    public init() {}
    func append(_ row: [String]) { storage.withLock { $0.append(row) } }
    public var rows: [[String]] { storage.withLock { $0 } }
}

public typealias SwiftTaskBody = @Sendable (TaskContext) async throws -> JSON

/// Tasks written in Swift, by name, the way Director's `@task` registers Python functions.
public struct TaskRegistry: Sendable {
    private var bodies: [String: SwiftTaskBody] = [:]

    public init() {}

    /// Registers `body` under `name`; a workflow step uses it as `task: NAME` or by name in a chain.
    public mutating func register(_ name: String, _ body: @escaping SwiftTaskBody) {
        bodies[name] = body
    }

    public var names: Set<String> { Set(bodies.keys) }

    public func body(named name: String) -> SwiftTaskBody? { bodies[name] }
}
