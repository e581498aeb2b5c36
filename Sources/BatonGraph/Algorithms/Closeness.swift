/// Closeness centrality (SPEC §12 `Closeness`), counting hops, with Wasserman and Faust's
/// correction for graphs that are not connected (Social Network Analysis, 1994):
/// `C(v) = (r − 1)² / ((V − 1) · Σ d(u, v))`, where `r` counts the vertices that reach `v`
/// (itself included) and the sum runs over them; 0 when nothing else reaches `v`. On a directed
/// graph `d(u, v)` is the distance *to* `v` (networkx's convention: its `closeness_centrality`
/// with `wf_improved=True`, which the exact run equals).
///
/// Params: `NUM_SAMPLES` (default -1). -1 is exact: one breadth-first search per vertex, along
/// in-edges, O(V·E). `N > 0` (Eppstein and Wang's sampling, 2004) runs breadth-first searches
/// along out-edges from `N` distinct pivots drawn by `SplitMix64(0)`, giving each `v` the distances
/// `d(u, v)` from the pivots `u ≠ v`; with `m` such pivots, `k` of them reaching `v` at total
/// distance `S`, it estimates `r − 1 ≈ k·(V − 1)/m` and `Σ d ≈ S·(V − 1)/m`, so
/// `C(v) ≈ k² / (m · S)` — exactly the formula above when every vertex is a pivot (`N ≥ V`).
/// O(N·E). Other values throw `invalidParameter`.
/// Rows: `VID`, `VALUE` (real) for every vertex in vertex order.
public enum Closeness: GraphAlgorithm {
    public static let name = "Closeness"
    public static let parameters = [AlgorithmParameter("NUM_SAMPLES", .integer, default: .integer(-1))]

    public static func run(on graph: Graph, parameters: AlgorithmParameters) throws -> AlgorithmResult {
        let samples = parameters.integer("NUM_SAMPLES")
        guard samples == -1 || samples > 0 else {
            throw AlgorithmError.invalidParameter(
                algorithm: name, parameter: "NUM_SAMPLES",
                reason: "must be -1 (exact) or a number of samples, not \(samples)")
        }
        let n = graph.vertexCount
        let values: [Double]
        if samples == -1 || samples >= n {
            values = exact(graph)
        } else {
            var random = SplitMix64(seed: 0)
            values = sampled(graph, pivots: random.sample(samples, of: n))
        }
        return AlgorithmResult(names: ["VID", "VALUE"], columns: [.vertices((0..<Int32(n)).map { $0 }), .reals(values)])
    }

    /// The exact Wasserman–Faust closeness of every vertex.
    static func exact(_ graph: Graph) -> [Double] {
        let n = graph.vertexCount
        var values = [Double](repeating: 0, count: n)
        var search = HopSearch(vertexCount: n)
        for v in 0..<n {
            var total = 0
            let reached = search.run(offsets: graph.inOffsets, targets: graph.inTargets, from: v) { _, d in total += d }
            // The order of networkx's own arithmetic, so the values agree to the last digits.
            if total > 0 && n > 1 {
                let others = Double(reached - 1)
                values[v] = others / Double(total) * (others / Double(n - 1))
            }
        }
        return values
    }

    /// The sampled estimate `k² / (m · S)` from `pivots` (see the type's comment).
    static func sampled(_ graph: Graph, pivots: [Int32]) -> [Double] {
        let n = graph.vertexCount
        var reaching = [Int](repeating: 0, count: n)
        var total = [Int](repeating: 0, count: n)
        var isPivot = [Bool](repeating: false, count: n)
        var search = HopSearch(vertexCount: n)
        for u in pivots {
            isPivot[Int(u)] = true
            _ = search.run(offsets: graph.outOffsets, targets: graph.outTargets, from: Int(u)) { v, d in
                if d > 0 {
                    reaching[v] += 1
                    total[v] += d
                }
            }
        }
        return (0..<n).map { v in
            let m = Double(pivots.count - (isPivot[v] ? 1 : 0))
            let k = Double(reaching[v])
            return total[v] > 0 ? k * k / (m * Double(total[v])) : 0
        }
    }
}
