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
            throw AlgorithmError.invalidParameter(
                algorithm: name, parameter: "MAX_DEPTH",
                reason: "must be -1 (unbounded) or at least 0, not \(maxDepth)")
        }
        let root = try graph.vertex(parameter: "ROOT", of: name, id: parameters.text("ROOT"))
        var vids: [Int32] = []
        var depths: [Int] = []
        var search = HopSearch(vertexCount: graph.vertexCount)
        var depth = [Int](repeating: -1, count: graph.vertexCount)
        _ = search.run(
            offsets: graph.outOffsets, targets: graph.outTargets, from: root,
            maxDepth: maxDepth == -1 ? .max : Int32(clamping: maxDepth)
        ) { v, d in depth[v] = d }
        for v in depth.indices where depth[v] >= 0 {
            vids.append(Int32(v))
            depths.append(depth[v])
        }
        return AlgorithmResult(names: ["VID", "DEPTH"], columns: [.vertices(vids), .integers(depths)])
    }
}
