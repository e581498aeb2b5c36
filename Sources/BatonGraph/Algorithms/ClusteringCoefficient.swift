/// Clustering of the undirected simple graph (SPEC §12 `ClusteringCoefficient`).
///
/// Params: `TYPE` (default `local`, any case):
/// * `local`: rows `VID`, `VALUE` for every vertex in vertex order, `VALUE = 2·T(v) / (d(v)·(d(v) − 1))`
///   with `T(v)` the triangles through `v` and `d(v)` its simple degree, 0 when `d(v) < 2`
///   (Watts and Strogatz 1998; networkx's `clustering`).
/// * `global`: one row `VALUE`, the transitivity `3 · triangles / connected triples`, where the
///   triples are `Σ d(v)·(d(v) − 1) / 2`, 0 when there are no triangles (networkx's `transitivity`).
/// Throws `invalidParameter` for another TYPE. Triangles come from `TriangleCount`'s forward
/// algorithm, so the cost is O(E^1.5).
public enum ClusteringCoefficient: GraphAlgorithm {
    public static let name = "ClusteringCoefficient"
    public static let parameters = [AlgorithmParameter("TYPE", .text, default: .text("local"))]

    public static func run(on graph: Graph, parameters: AlgorithmParameters) throws -> AlgorithmResult {
        let type = parameters.text("TYPE").lowercased()
        guard type == "local" || type == "global" else {
            throw AlgorithmError.invalidParameter(
                algorithm: name, parameter: "TYPE",
                reason: "must be local or global, not '\(parameters.text("TYPE"))'")
        }
        let simple = SimpleGraph(graph)
        let triangles = TriangleCount.perVertex(simple)
        let n = simple.vertexCount
        if type == "local" {
            var values = [Double](repeating: 0, count: n)
            for v in 0..<n {
                let d = Double(simple.degree(v))
                if triangles[v] > 0 { values[v] = 2 * Double(triangles[v]) / (d * (d - 1)) }
            }
            return AlgorithmResult(
                names: ["VID", "VALUE"],
                columns: [.vertices((0..<Int32(n)).map { $0 }), .reals(values)])
        }
        // Σ T(v) counts each triangle three times; Σ d(d − 1) counts each connected triple twice.
        var closed = 0
        var pairs = 0
        for v in 0..<n {
            closed += triangles[v]
            pairs += simple.degree(v) * (simple.degree(v) - 1)
        }
        let value = closed == 0 ? 0 : 2 * Double(closed) / Double(pairs)
        return AlgorithmResult(names: ["VALUE"], columns: [.reals([value])])
    }
}
