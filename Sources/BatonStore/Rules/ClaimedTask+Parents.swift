import BatonCore

extension ClaimedTask {
    /// What a claimed task sees as its parents' results (`ClaimedTask.parents`), from the
    /// results of its parents in `previous` order: none → null, one → that result itself,
    /// several → the list (Director's chain and group semantics, docs/workflows.md).
    public static func parentResults(_ results: [JSON]) -> JSON {
        switch results.count {
        case 0: .null
        case 1: results[0]
        default: .array(results)
        }
    }

    /// The result of the parent at `position` in `previous` order (what `when` and `foreach`
    /// name), null when there is no such parent.
    public func parentResult(at position: Int) -> JSON {
        parentTasks.count == 1 ? (position == 0 ? parents : .null) : (parents[position] ?? .null)
    }
}
