/// Triangles of the undirected simple graph (SPEC §12 `TriangleCount`).
///
/// Found by the degree-ordered forward algorithm (Schank and Wagner, "Finding, Counting and
/// Listing All Triangles in Large Graphs", 2005; Latapy 2008): vertices ranked by (degree, number),
/// each edge kept once, from lower to higher rank; a triangle is then found exactly once, at its
/// lowest-ranked vertex `u`, as `u → v → w` with `w` also a forward neighbour of `u`.
/// O(E^1.5) time, O(V + E) memory.
///
/// Params: `OPT` (default 2) picks the rows:
/// * 1: one row, `COUNT`, the number of triangles;
/// * 2: `VID`, `COUNT` per vertex in vertex order, the triangles through it (networkx `triangles`);
/// * 3: `VID1`, `VID2`, `VID3` each triangle once, its vertices in vertex order, rows sorted.
/// Throws `invalidParameter` for another OPT.
public enum TriangleCount: GraphAlgorithm {
    public static let name = "TriangleCount"
    public static let parameters = [AlgorithmParameter("OPT", .integer, default: .integer(2))]

    public static func run(on graph: Graph, parameters: AlgorithmParameters) throws -> AlgorithmResult {
        let opt = parameters.integer("OPT")
        let simple = SimpleGraph(graph)
        switch opt {
        case 1:
            var count = 0
            forEachTriangle(simple) { _, _, _ in count += 1 }
            return AlgorithmResult(names: ["COUNT"], columns: [.integers([count])])
        case 2:
            let counts = perVertex(simple)
            return AlgorithmResult(
                names: ["VID", "COUNT"],
                columns: [.vertices((0..<Int32(graph.vertexCount)).map { $0 }), .integers(counts)])
        case 3:
            let (a, b, c) = listing(simple)
            return AlgorithmResult(names: ["VID1", "VID2", "VID3"], columns: [.vertices(a), .vertices(b), .vertices(c)])
        default:
            throw AlgorithmError.invalidParameter(algorithm: name, parameter: "OPT", reason: "must be 1, 2 or 3, not \(opt)")
        }
    }

    /// The number of triangles through each vertex.
    static func perVertex(_ simple: SimpleGraph) -> [Int] {
        var counts = [Int](repeating: 0, count: simple.vertexCount)
        counts.withUnsafeMutableBufferPointer { counts in
            forEachTriangle(simple) { u, v, w in
                counts[Int(u)] += 1
                counts[Int(v)] += 1
                counts[Int(w)] += 1
            }
        }
        return counts
    }

    /// Every triangle once as three columns, each row ascending by vertex number and the rows in
    /// lexicographic order (three stable counting-sort passes, last key first: O(T + V)).
    static func listing(_ simple: SimpleGraph) -> ([Int32], [Int32], [Int32]) {
        var rows: [Int32] = []
        forEachTriangle(simple) { u, v, w in
            let lo = min(u, v, w)
            let hi = max(u, v, w)
            rows.append(lo)
            rows.append(u ^ v ^ w ^ lo ^ hi)
            rows.append(hi)
        }
        let t = rows.count / 3
        let n = simple.vertexCount
        var order = Array(0..<t)
        var sorted = [Int](repeating: 0, count: t)
        for key in [2, 1, 0] {
            var start = [Int](repeating: 0, count: n + 1)
            for r in 0..<t { start[Int(rows[3 * r + key]) + 1] += 1 }
            for i in 0..<n { start[i + 1] += start[i] }
            for r in order {
                let k = Int(rows[3 * r + key])
                sorted[start[k]] = r
                start[k] += 1
            }
            swap(&order, &sorted)
        }
        return (order.map { rows[3 * $0] }, order.map { rows[3 * $0 + 1] }, order.map { rows[3 * $0 + 2] })
    }

    /// Calls `body` once per triangle of `simple` with its three vertices (in no set order).
    static func forEachTriangle(_ simple: SimpleGraph, _ body: (Int32, Int32, Int32) -> Void) {
        let n = simple.vertexCount
        // Rank by (degree, number) through a counting sort on degree.
        var rank = [Int32](repeating: 0, count: n)
        var start = [Int](repeating: 0, count: n + 1)
        for v in 0..<n { start[simple.degree(v) + 1] += 1 }
        for d in 0..<n { start[d + 1] += start[d] }
        for v in 0..<n {
            let d = simple.degree(v)
            rank[v] = Int32(start[d])
            start[d] += 1
        }
        // Forward lists: each edge once, from its lower-ranked end; they stay ascending by number.
        var offsets = [Int](repeating: 0, count: n + 1)
        var forward = [Int32]()
        forward.reserveCapacity(simple.entryCount / 2)
        for u in 0..<n {
            for e in simple.range(u) where rank[Int(simple.neighbours[e])] > rank[u] {
                forward.append(simple.neighbours[e])
            }
            offsets[u + 1] = forward.count
        }
        var mark = [Int32](repeating: -1, count: n)
        forward.withUnsafeBufferPointer { forward in
            mark.withUnsafeMutableBufferPointer { mark in
                for u in 0..<n {
                    let lower = offsets[u]
                    let upper = offsets[u + 1]
                    if upper - lower < 2 { continue }
                    for e in lower..<upper { mark[Int(forward[e])] = Int32(u) }
                    for e in lower..<upper {
                        let v = Int(forward[e])
                        for f in offsets[v]..<offsets[v + 1] where mark[Int(forward[f])] == Int32(u) {
                            body(Int32(u), Int32(v), forward[f])
                        }
                    }
                }
            }
        }
    }
}
