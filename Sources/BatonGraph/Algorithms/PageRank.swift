/// PageRank as Explorer computes it (SPEC §12), not networkx's normalised variant: every vertex
/// starts at 1.0 and each round sets PR'(v) = (1 − d) + d · Σ over edges u→v of PR(u) / outdeg(u)
/// (Brin & Page 1998, the unnormalised form). Rounds stop after `ITERATIONS` or once no value
/// moved by more than `EPS`.
///
/// Hops only: weights are ignored; multi-edges count once each, a self-loop is an edge. A vertex
/// without out-edges passes nothing on (its rank is not redistributed), so a vertex nothing
/// links to ends at 1 − d. On an undirected graph every edge counts both ways.
///
/// Rows: `VID`, `VALUE` (real) for every vertex. Reports `iterations` (rounds run).
/// Throws `invalidParameter` for ITERATIONS < 0, EPS < 0 or DAMPING outside 0...1.
public enum PageRank: GraphAlgorithm {
    public static let name = "PageRank"
    public static let parameters: [AlgorithmParameter] = [
        AlgorithmParameter("ITERATIONS", .integer, default: .integer(10)),
        AlgorithmParameter("EPS", .real, default: .real(0.0001)),
        AlgorithmParameter("DAMPING", .real, default: .real(0.85)),
    ]

    public static func run(on graph: Graph, parameters: AlgorithmParameters) throws -> AlgorithmResult {
        let iterations = parameters.integer("ITERATIONS")
        let eps = parameters.real("EPS")
        let damping = parameters.real("DAMPING")
        guard iterations >= 0 else {
            throw AlgorithmError.invalidParameter(algorithm: name, parameter: "ITERATIONS", reason: "must be at least 0")
        }
        guard eps >= 0 else {
            throw AlgorithmError.invalidParameter(algorithm: name, parameter: "EPS", reason: "must be at least 0")
        }
        guard (0...1).contains(damping) else {
            throw AlgorithmError.invalidParameter(algorithm: name, parameter: "DAMPING", reason: "must be between 0 and 1")
        }

        let n = graph.vertexCount
        var rank = [Double](repeating: 1, count: n)
        var next = [Double](repeating: 0, count: n)
        // Each vertex's share per out-edge, PR(u) / outdeg(u); 0 for a vertex without out-edges.
        var share = [Double](repeating: 0, count: n)
        let base = 1 - damping
        var rounds = 0
        while rounds < iterations {
            rounds += 1
            let moved = graph.outOffsets.withUnsafeBufferPointer { outOff in
                graph.inOffsets.withUnsafeBufferPointer { inOff in
                    graph.inTargets.withUnsafeBufferPointer { sources in
                        rank.withUnsafeMutableBufferPointer { rank in
                            next.withUnsafeMutableBufferPointer { next in
                                share.withUnsafeMutableBufferPointer { share in
                                    for u in 0..<n {
                                        let degree = outOff[u + 1] - outOff[u]
                                        share[u] = degree > 0 ? rank[u] / Double(degree) : 0
                                    }
                                    var moved = 0.0
                                    for v in 0..<n {
                                        var sum = 0.0
                                        for e in inOff[v]..<inOff[v + 1] { sum += share[Int(sources[e])] }
                                        let value = base + damping * sum
                                        moved = max(moved, abs(value - rank[v]))
                                        next[v] = value
                                    }
                                    return moved
                                }
                            }
                        }
                    }
                }
            }
            swap(&rank, &next)
            if moved <= eps { break }
        }
        return AlgorithmResult(
            names: ["VID", "VALUE"],
            columns: [.vertices(Array(0..<Int32(n))), .reals(rank)],
            report: ["iterations": .integer(rounds)])
    }
}
