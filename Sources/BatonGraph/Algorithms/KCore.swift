/// Core numbers (SPEC §12 `KCore`): the core number of `v` is the largest `k` such that `v`
/// belongs to a subgraph in which every vertex has degree at least `k`.
///
/// Computed on the undirected simple graph (self-loops dropped, multi-edges and reverse pairs
/// merged) by Batagelj and Zaversnik's bucket algorithm ("An O(m) Algorithm for Cores
/// Decomposition of Networks", 2003): vertices kept sorted by current degree in one array with
/// bucket starts, repeatedly removing a vertex of least degree. O(V + E) time, 4 Int arrays of V.
/// Equal to networkx's `core_number` on `nx.Graph(edges)` without self-loops.
///
/// Params: `KMIN` (default 1) and `KMAX` (default 1000000) keep the rows of vertices whose core
/// number lies in `KMIN ... KMAX` (so with the defaults isolated vertices, core 0, are left out).
/// Rows: `VID`, `VALUE` (integer core number), in vertex order.
public enum KCore: GraphAlgorithm {
    public static let name = "KCore"
    public static let parameters = [
        AlgorithmParameter("KMIN", .integer, default: .integer(1)),
        AlgorithmParameter("KMAX", .integer, default: .integer(1_000_000)),
    ]

    public static func run(on graph: Graph, parameters: AlgorithmParameters) throws -> AlgorithmResult {
        let kmin = parameters.integer("KMIN")
        let kmax = parameters.integer("KMAX")
        let core = coreNumbers(SimpleGraph(graph))
        var vids: [Int32] = []
        var values: [Int] = []
        for v in core.indices where kmin <= core[v] && core[v] <= kmax {
            vids.append(Int32(v))
            values.append(core[v])
        }
        return AlgorithmResult(names: ["VID", "VALUE"], columns: [.vertices(vids), .integers(values)])
    }

    /// The core number of every vertex of `simple` (Batagelj–Zaversnik 2003).
    static func coreNumbers(_ simple: SimpleGraph) -> [Int] {
        let n = simple.vertexCount
        var degree = (0..<n).map { simple.degree($0) }
        let maxDegree = degree.max() ?? 0
        // bin[d]: where vertices of degree d start in `order`; position[v]: where v sits.
        var bin = [Int](repeating: 0, count: maxDegree + 1)
        for d in degree { bin[d] += 1 }
        var start = 0
        for d in 0...maxDegree {
            let count = bin[d]
            bin[d] = start
            start += count
        }
        var order = [Int32](repeating: 0, count: n)
        var position = [Int](repeating: 0, count: n)
        for v in 0..<n {
            position[v] = bin[degree[v]]
            order[position[v]] = Int32(v)
            bin[degree[v]] += 1
        }
        for d in stride(from: maxDegree, to: 0, by: -1) { bin[d] = bin[d - 1] }
        bin[0] = 0

        simple.neighbours.withUnsafeBufferPointer { neighbours in
            simple.offsets.withUnsafeBufferPointer { offsets in
                degree.withUnsafeMutableBufferPointer { degree in
                    bin.withUnsafeMutableBufferPointer { bin in
                        order.withUnsafeMutableBufferPointer { order in
                            position.withUnsafeMutableBufferPointer { position in
                                for i in 0..<n {
                                    let v = Int(order[i])
                                    let dv = degree[v]
                                    for e in offsets[v]..<offsets[v + 1] {
                                        let u = Int(neighbours[e])
                                        // A neighbour still above v's degree moves one bucket down: swap it with
                                        // the first vertex of its bucket, then shrink that bucket from the left.
                                        let du = degree[u]
                                        if du > dv {
                                            let pu = position[u]
                                            let pw = bin[du]
                                            let w = Int(order[pw])
                                            if u != w {
                                                position[u] = pw
                                                order[pu] = Int32(w)
                                                position[w] = pu
                                                order[pw] = Int32(u)
                                            }
                                            bin[du] += 1
                                            degree[u] = du - 1
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return degree
    }
}
