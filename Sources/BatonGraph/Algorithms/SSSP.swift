/// Single-source shortest paths by weight (SPEC §12 `SSSP`): Dijkstra's algorithm (1959) with an
/// indexed binary heap, O((V + E) log V), following edge direction on a directed graph. Parallel
/// edges count by their lightest. An unweighted graph has every weight 1, so a breadth-first
/// search gives the same distances in O(V + E).
///
/// Params: `ROOT` (required, a vertex id). Rows: `VID`, `DISTANCE` (real, the sum of weights) for
/// the vertices ROOT reaches, in vertex order. Throws `unknownVertex` for a ROOT no edge names and
/// `negativeWeight`, naming the first such edge, when any weight is negative (Dijkstra's answer
/// would be wrong). Equal to networkx's `single_source_dijkstra_path_length`.
public enum SSSP: GraphAlgorithm {
    public static let name = "SSSP"
    public static let parameters = [AlgorithmParameter("ROOT", .text, default: nil)]

    public static func run(on graph: Graph, parameters: AlgorithmParameters) throws -> AlgorithmResult {
        let root = try graph.vertex(parameter: "ROOT", of: name, id: parameters.text("ROOT"))
        if let error = negativeWeightError(graph, algorithm: name) { throw error }
        let distance: [Double]
        if graph.isWeighted {
            distance = dijkstra(graph, from: root, stopAt: nil).distance
        } else {
            // Every weight 1: breadth-first hops are the distances, without a heap.
            var hops = [Double](repeating: .infinity, count: graph.vertexCount)
            var search = HopSearch(vertexCount: graph.vertexCount)
            _ = search.run(offsets: graph.outOffsets, targets: graph.outTargets, from: root) { v, d in hops[v] = Double(d) }
            distance = hops
        }
        var vids: [Int32] = []
        var values: [Double] = []
        for v in distance.indices where distance[v] < .infinity {
            vids.append(Int32(v))
            values.append(distance[v])
        }
        return AlgorithmResult(names: ["VID", "DISTANCE"], columns: [.vertices(vids), .reals(values)])
    }

    /// Least-weight distances from `source` (infinity where unreached) and each reached vertex's
    /// predecessor on one shortest path (-1 for the source and the unreached). Stops once `target`
    /// is settled, when given. Precondition: no negative weight.
    static func dijkstra(_ graph: Graph, from source: Int, stopAt target: Int?) -> (distance: [Double], parent: [Int32]) {
        var heap = IndexedMinHeap(vertexCount: graph.vertexCount)
        var parent = [Int32](repeating: -1, count: graph.vertexCount)
        heap.decrease(source, to: 0)
        while !heap.isEmpty {
            let v = heap.popMin()
            if v == target { break }
            let dv = heap.key[v]
            for e in graph.outRange(v) {
                let w = Int(graph.outTargets[e])
                let dw = dv + graph.outWeight(e)
                // A settled vertex never improves (weights are non-negative), so it is not re-queued.
                if dw < heap.key[w] {
                    heap.decrease(w, to: dw)
                    parent[w] = Int32(v)
                }
            }
        }
        return (heap.key, parent)
    }

    /// The first edge with a negative weight, or nil (always nil when the graph is unweighted).
    /// SSSP and weighted ShortestPath check the whole graph before running so that the error does
    /// not depend on which part of it the search happened to reach.
    static func negativeWeightError(_ graph: Graph, algorithm: String) -> AlgorithmError? {
        guard graph.isWeighted else { return nil }
        for v in 0..<graph.vertexCount {
            for e in graph.outRange(v) where graph.outWeights[e] < 0 {
                return .negativeWeight(
                    algorithm: algorithm, source: graph.ids[v],
                    destination: graph.ids[Int(graph.outTargets[e])], weight: graph.outWeights[e])
            }
        }
        return nil
    }
}
