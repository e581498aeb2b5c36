/// One shortest path between two vertices (SPEC §12 `ShortestPath`), following edge direction on a
/// directed graph: fewest hops by breadth-first search on an unweighted graph, least total weight by
/// Dijkstra's algorithm (see `SSSP`) on a weighted one. Both stop as soon as `DST` is settled.
///
/// Params: `SRC`, `DST` (required, vertex ids). Rows: `INDEX` (integer, 0 for SRC), `VID`, the
/// path's vertices from SRC to DST; SRC = DST gives the one-vertex path. Reports `found`
/// (boolean); when DST is unreachable there are no rows and `found` is false. Among equally short
/// paths the one returned is the first discovered. Throws `unknownVertex` for an id no edge names
/// and, on a weighted graph, `negativeWeight` naming the first negative edge.
public enum ShortestPath: GraphAlgorithm {
    public static let name = "ShortestPath"
    public static let parameters = [
        AlgorithmParameter("SRC", .text, default: nil),
        AlgorithmParameter("DST", .text, default: nil),
    ]

    public static func run(on graph: Graph, parameters: AlgorithmParameters) throws -> AlgorithmResult {
        let source = try graph.vertex(parameter: "SRC", of: name, id: parameters.text("SRC"))
        let target = try graph.vertex(parameter: "DST", of: name, id: parameters.text("DST"))
        if let error = SSSP.negativeWeightError(graph, algorithm: name) { throw error }
        let parent =
            graph.isWeighted
            ? SSSP.dijkstra(graph, from: source, stopAt: target).parent
            : bfsParents(graph, from: source, stopAt: target)
        var path: [Int32] = []
        if source == target || parent[target] >= 0 {
            var v = Int32(target)
            path.append(v)
            while Int(v) != source {
                v = parent[Int(v)]
                path.append(v)
            }
            path.reverse()
        }
        return AlgorithmResult(
            names: ["INDEX", "VID"],
            columns: [.integers(Array(path.indices)), .vertices(path)],
            report: ["found": .boolean(!path.isEmpty)])
    }

    /// Breadth-first predecessors from `source` (-1 for the source and the unreached), stopping
    /// once `target` is discovered.
    static func bfsParents(_ graph: Graph, from source: Int, stopAt target: Int) -> [Int32] {
        var parent = [Int32](repeating: -1, count: graph.vertexCount)
        var queue = [Int32](repeating: 0, count: graph.vertexCount)
        queue[0] = Int32(source)
        parent[source] = Int32(source)  // marks it discovered; reset below
        var head = 0
        var tail = 1
        search: while head < tail {
            let v = Int(queue[head])
            head += 1
            for e in graph.outRange(v) {
                let w = Int(graph.outTargets[e])
                if parent[w] < 0 {
                    parent[w] = Int32(v)
                    if w == target { break search }
                    queue[tail] = Int32(w)
                    tail += 1
                }
            }
        }
        parent[source] = -1
        return parent
    }
}
