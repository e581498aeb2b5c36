/// Weakly connected components: vertices joined by edges in either direction (union–find with
/// path halving, near-linear in edges).
///
/// Rows: `VID`, `LABEL` for every vertex; LABEL is the component's vertex whose id orders first
/// (as integers when every id is one, else as text). Reports `components`.
public enum WCC: GraphAlgorithm {
    public static let name = "WCC"
    public static let parameters: [AlgorithmParameter] = []

    public static func run(on graph: Graph, parameters: AlgorithmParameters) throws -> AlgorithmResult {
        let n = graph.vertexCount
        var parent = Array(0..<Int32(n))
        parent.withUnsafeMutableBufferPointer { parent in
            @inline(__always) func find(_ v: Int32) -> Int32 {
                var v = v
                while parent[Int(v)] != v {
                    parent[Int(v)] = parent[Int(parent[Int(v)])]
                    v = parent[Int(v)]
                }
                return v
            }
            graph.outOffsets.withUnsafeBufferPointer { offsets in
                graph.outTargets.withUnsafeBufferPointer { targets in
                    for u in 0..<n {
                        for e in offsets[u]..<offsets[u + 1] {
                            let a = find(Int32(u))
                            let b = find(targets[e])
                            // Link the larger root under the smaller so roots stay canonical.
                            if a < b { parent[Int(b)] = a } else if b < a { parent[Int(a)] = b }
                        }
                    }
                }
            }
        }
        // Roots become dense component numbers.
        var component = [Int32](repeating: -1, count: n)
        var count: Int32 = 0
        for v in 0..<n {
            var root = Int(parent[v])
            while Int(parent[root]) != root { root = Int(parent[root]) }
            if component[root] < 0 {
                component[root] = count
                count += 1
            }
            component[v] = component[root]
        }
        return AlgorithmResult(
            names: ["VID", "LABEL"],
            columns: [
                .vertices(Array(0..<Int32(n))), .vertices(graph.smallestMemberLabels(group: component, groupCount: Int(count))),
            ],
            report: ["components": .integer(Int(count))])
    }
}
