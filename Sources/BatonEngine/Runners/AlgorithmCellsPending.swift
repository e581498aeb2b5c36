import BatonGraph
import Foundation

/// Stand-in until BatonGraph's `AlgorithmResult.cell(row:column:in:)` is merged (branch
/// graph-g1). Deleted by that merge.
extension AlgorithmResult {
    func cell(row: Int, column: Int, in graph: Graph) -> String {
        switch columns[column] {
        case .vertices(let vertices): return graph.ids[Int(vertices[row])]
        case .integers(let values): return String(values[row])
        case .reals(let values): return String(format: "%.6f", values[row])
        }
    }
}
