/// Degrees as edge counts (SPEC §12): multi-edges count once each.
///
/// Directed: OUT_DEGREE and IN_DEGREE count out- and in-edges, BOTH_DEGREE is their sum (a
/// self-loop adds 1 to each, so 2 to BOTH). Undirected: all three are the degree, a self-loop
/// counting 2, as networkx's `degree` does (an undirected edge has no direction to split by).
///
/// Rows: `VID`, `BOTH_DEGREE`, `OUT_DEGREE`, `IN_DEGREE` (integers) for every vertex.
public enum DegreeCentrality: GraphAlgorithm {
    public static let name = "DegreeCentrality"
    public static let parameters: [AlgorithmParameter] = []

    public static func run(on graph: Graph, parameters: AlgorithmParameters) throws -> AlgorithmResult {
        let n = graph.vertexCount
        var both = [Int](repeating: 0, count: n)
        var out = [Int](repeating: 0, count: n)
        var into = [Int](repeating: 0, count: n)
        for v in 0..<n {
            if graph.isDirected {
                out[v] = graph.outDegree(v)
                into[v] = graph.inDegree(v)
                both[v] = out[v] + into[v]
            } else {
                // The CSR holds a self-loop once; its degree counts it from both ends.
                var degree = graph.outDegree(v)
                for e in graph.outRange(v) where Int(graph.outTargets[e]) == v { degree += 1 }
                (both[v], out[v], into[v]) = (degree, degree, degree)
            }
        }
        return AlgorithmResult(
            names: ["VID", "BOTH_DEGREE", "OUT_DEGREE", "IN_DEGREE"],
            columns: [.vertices(Array(0..<Int32(n))), .integers(both), .integers(out), .integers(into)])
    }
}
