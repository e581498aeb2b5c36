/// Breadth-first search (SPEC §12 `BFS`): the hop distance from `ROOT` to every vertex it
/// reaches, following edge direction on a directed graph (either way on an undirected one).
///
/// Params: `ROOT` (required, a vertex id), `MAX_DEPTH` (default -1: unbounded; otherwise only
/// vertices at most that many hops away). Rows: `VID`, `DEPTH` (integer hops, 0 for ROOT) for the
/// reached vertices in vertex order. Throws `unknownVertex` for a ROOT no edge names and
/// `invalidParameter` for a MAX_DEPTH below -1. O(V + E).
public enum BFS: GraphAlgorithm {
    public static let name = "BFS"
    public static let parameters = [
        AlgorithmParameter("ROOT", .text, default: nil),
        AlgorithmParameter("MAX_DEPTH", .integer, default: .integer(-1)),
    ]

    public static func run(on graph: Graph, parameters: AlgorithmParameters) throws -> AlgorithmResult {
        let maxDepth = parameters.integer("MAX_DEPTH")
        guard maxDepth >= -1 else {
            throw AlgorithmError.invalidParameter(algorithm: name, parameter: "MAX_DEPTH",
                                                  reason: "must be -1 (unbounded) or at least 0, not \(maxDepth)")
        }
        let root = try graph.vertex(parameter: "ROOT", of: name, id: parameters.text("ROOT"))
        let depth = hops(graph, from: root, maxDepth: maxDepth == -1 ? Int32.max : Int32(clamping: maxDepth))
        var vids: [Int32] = [], depths: [Int] = []
        for v in depth.indices where depth[v] >= 0 {
            vids.append(Int32(v))
            depths.append(Int(depth[v]))
        }
        return AlgorithmResult(names: ["VID", "DEPTH"], columns: [.vertices(vids), .integers(depths)])
    }

    /// Hops from `root` along out-edges to every vertex within `maxDepth`, -1 for the others.
    static func hops(_ graph: Graph, from root: Int, maxDepth: Int32) -> [Int32] {
        var depth = [Int32](repeating: -1, count: graph.vertexCount)
        var queue = [Int32](repeating: 0, count: graph.vertexCount)
        depth.withUnsafeMutableBufferPointer { depth in
            queue.withUnsafeMutableBufferPointer { queue in
                graph.outTargets.withUnsafeBufferPointer { targets in
                    depth[root] = 0
                    queue[0] = Int32(root)
                    var head = 0, tail = 1
                    while head < tail {
                        let v = Int(queue[head])
                        head += 1
                        let next = depth[v] + 1
                        if next > maxDepth { break }  // the queue is in depth order: the rest are deeper
                        for e in graph.outRange(v) {
                            let w = Int(targets[e])
                            if depth[w] < 0 {
                                depth[w] = next
                                queue[tail] = Int32(w)
                                tail += 1
                            }
                        }
                    }
                }
            }
        }
        return depth
    }
}
