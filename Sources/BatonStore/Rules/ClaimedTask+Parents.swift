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
}
