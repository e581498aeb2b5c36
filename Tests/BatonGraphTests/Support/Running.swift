@testable import BatonGraph

/// Running an algorithm the way a task does: parameters checked by the catalog, rows printed
/// by `AlgorithmResult.cell`.
enum Running {
    static func result(
        _ algorithm: any GraphAlgorithm.Type, on graph: Graph, _ given: [String: AlgorithmValue] = [:]
    ) throws -> AlgorithmResult {
        try algorithm.run(on: graph, parameters: AlgorithmCatalog.check(algorithm: algorithm, given: given))
    }

    /// The printed rows of `result`.
    static func rows(_ result: AlgorithmResult, in graph: Graph) -> [[String]] {
        (0..<result.rowCount).map { row in
            (0..<result.columns.count).map { result.cell(row: row, column: $0, in: graph) }
        }
    }

    /// The labels of a `VID, LABEL` result as ids, by vertex id.
    static func labels(_ result: AlgorithmResult, in graph: Graph) -> [String: String] {
        Dictionary(uniqueKeysWithValues: rows(result, in: graph).map { ($0[0], $0[1]) })
    }

    /// Each shape of `RandomGraphs.shapes`, directed and undirected, with a seed per case.
    static var cases: [(seed: UInt64, shape: RandomGraphs.Shape, directed: Bool)] {
        RandomGraphs.shapes.enumerated().flatMap { index, shape in
            [true, false].map { (UInt64(index * 2 + ($0 ? 0 : 1)) + 100, shape, $0) }
        }
    }
}
