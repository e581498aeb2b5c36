/// `when:` on a DAG step (SPEC §13): the step runs only when a parent's result, at `path`,
/// passes `test`; otherwise it and every step below it are `skipped`.
public struct StepCondition: Sendable, Hashable, Codable {
    public enum Test: Sendable, Hashable, Codable {
        case equals(JSON)
        case notEquals(JSON)
        /// `in: [...]`: equal to one of these.
        case isIn([JSON])
    }

    /// The parent's position in the step's `needs` (the order of `ClaimedTask.parentTasks`).
    public var parent: Int
    /// The parent's step id, as written (`when.task`).
    public var parentKey: String
    /// A dotted path split at its dots (`a.b.0` → `["a", "b", "0"]`); empty: the whole result.
    public var path: [String]
    public var test: Test

    public init(parent: Int, parentKey: String, path: [String], test: Test) {
        self.parent = parent
        self.parentKey = parentKey
        self.path = path
        self.test = test
    }

    /// Whether the step runs, given the parent's result. A missing path compares as null.
    public func holds(for result: JSON) -> Bool {
        let value = JSONPath.value(at: path, in: result) ?? .null
        switch test {
        case .equals(let expected): return value == expected
        case .notEquals(let expected): return value != expected
        case .isIn(let allowed): return allowed.contains(value)
        }
    }
}
