/// Betweenness centrality (SPEC §12 `Betweenness`): for each vertex `v`, the sum over ordered pairs
/// `s ≠ v ≠ t` of the fraction of shortest `s`–`t` paths that pass through `v`, counting hops.
///
/// Brandes's algorithm ("A Faster Algorithm for Betweenness Centrality", 2001): one breadth-first
/// search per source counting shortest paths `σ`, then dependencies `δ(v) = Σ σ(v)/σ(w)·(1 + δ(w))`
/// over the successors `w` one hop further, accumulated in reverse search order. Paths run on the
/// simple graph with direction kept (`SimpleGraph(successorsOf:)`): parallel edges are one path,
/// self-loops none — as networkx counts on `nx.DiGraph(edges)` / `nx.Graph(edges)`. O(V·E) time
/// for the exact run, O(V + E) memory.
///
/// Params:
/// * `CHOSEN` (default -1): -1 is exact, equal to networkx's
///   `betweenness_centrality(G, normalized=False)` — which halves every value on an undirected
///   graph, since each unordered pair is searched from both ends. `N > 0` runs from `N` distinct
///   sources drawn by `SplitMix64(SEED)` and scales like networkx 3.6's k-sampling: sampled sources
///   by `(V − 1)/(N − 1)` (0 when `N = 1`, where they have no data), the others by `(V − 1)/N`,
///   each also halved when undirected. `N ≥ V` is the exact run. Other values throw
///   `invalidParameter`.
/// * `SEED` (default 0): the sampling seed.
/// Rows: `VID`, `VALUE` (real) for every vertex in vertex order.
public enum Betweenness: GraphAlgorithm {
    public static let name = "Betweenness"
    public static let parameters = [
        AlgorithmParameter("CHOSEN", .integer, default: .integer(-1)),
        AlgorithmParameter("SEED", .integer, default: .integer(0)),
    ]

    public static func run(on graph: Graph, parameters: AlgorithmParameters) throws -> AlgorithmResult {
        let chosen = parameters.integer("CHOSEN")
        guard chosen == -1 || chosen > 0 else {
            throw AlgorithmError.invalidParameter(
                algorithm: name, parameter: "CHOSEN",
                reason: "must be -1 (exact) or a number of sources, not \(chosen)")
        }
        let n = graph.vertexCount
        let sources: [Int32]?
        if chosen == -1 || chosen >= n {
            sources = nil
        } else {
            var random = SplitMix64(seed: UInt64(bitPattern: Int64(parameters.integer("SEED"))))
            sources = random.sample(chosen, of: n)
        }
        let values = centrality(SimpleGraph(successorsOf: graph), isDirected: graph.isDirected, sources: sources)
        return AlgorithmResult(names: ["VID", "VALUE"], columns: [.vertices((0..<Int32(n)).map { $0 }), .reals(values)])
    }

    /// Betweenness of every vertex of `simple` from `sources` (nil: all vertices), scaled as
    /// described on the type.
    static func centrality(_ simple: SimpleGraph, isDirected: Bool, sources: [Int32]?) -> [Double] {
        let n = simple.vertexCount
        var betweenness = [Double](repeating: 0, count: n)
        var distance = [Int32](repeating: -1, count: n)
        var paths = [Double](repeating: 0, count: n)  // σ: shortest paths from the source
        var share = [Double](repeating: 0, count: n)  // (1 + δ(w)) / σ(w), what w passes to each parent
        var order = [Int32](repeating: 0, count: n)  // the search's queue, read backwards afterwards

        simple.neighbours.withUnsafeBufferPointer { adjacency in
            simple.offsets.withUnsafeBufferPointer { offsets in
                betweenness.withUnsafeMutableBufferPointer { betweenness in
                    distance.withUnsafeMutableBufferPointer { distance in
                        paths.withUnsafeMutableBufferPointer { paths in
                            share.withUnsafeMutableBufferPointer { share in
                                order.withUnsafeMutableBufferPointer { order in
                                    func accumulate(from s: Int) {
                                        distance[s] = 0
                                        paths[s] = 1
                                        order[0] = Int32(s)
                                        var head = 0
                                        var tail = 1
                                        while head < tail {
                                            let v = Int(order[head])
                                            head += 1
                                            let next = distance[v] + 1
                                            let pv = paths[v]
                                            for e in offsets[v]..<offsets[v + 1] {
                                                let w = Int(adjacency[e])
                                                if distance[w] < 0 {
                                                    distance[w] = next
                                                    order[tail] = Int32(w)
                                                    tail += 1
                                                }
                                                if distance[w] == next { paths[w] += pv }
                                            }
                                        }
                                        // Reverse order: every successor's share is final before its parents read it.
                                        for i in stride(from: tail - 1, through: 0, by: -1) {
                                            let v = Int(order[i])
                                            let next = distance[v] + 1
                                            var sum = 0.0
                                            for e in offsets[v]..<offsets[v + 1] {
                                                let w = Int(adjacency[e])
                                                if distance[w] == next { sum += share[w] }
                                            }
                                            let dependency = paths[v] * sum
                                            if v != s { betweenness[v] += dependency }
                                            share[v] = (1 + dependency) / paths[v]
                                        }
                                        for i in 0..<tail {
                                            let v = Int(order[i])
                                            distance[v] = -1
                                            paths[v] = 0
                                        }
                                    }

                                    if let sources {
                                        for s in sources { accumulate(from: Int(s)) }
                                    } else {
                                        for s in 0..<n { accumulate(from: s) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        // networkx 3.6's `_rescale` with endpoints excluded (see the type's comment).
        let correction = isDirected ? 1.0 : 2.0
        guard let sources else {
            if correction != 1 { for v in 0..<n { betweenness[v] /= correction } }
            return betweenness
        }
        let k = Double(sources.count)
        let pairs = Double(n - 1)
        var isSource = [Bool](repeating: false, count: n)
        for s in sources { isSource[Int(s)] = true }
        for v in 0..<n {
            if isSource[v] {
                betweenness[v] = k > 1 ? betweenness[v] * pairs / ((k - 1) * correction) : 0
            } else {
                betweenness[v] *= pairs / (k * correction)
            }
        }
        return betweenness
    }
}
