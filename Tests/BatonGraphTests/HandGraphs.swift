@testable import BatonGraph

/// Temporary: a Graph from literal edges, until GraphBuilder is merged in.
func hand(_ edges: [(String, String, Double?)], directed: Bool) -> Graph {
    var ids: [String] = [], index: [String: Int] = [:]
    func number(_ id: String) -> Int {
        if let v = index[id] { return v }
        index[id] = ids.count; ids.append(id); return ids.count - 1
    }
    let pairs = edges.map { (number($0.0), number($0.1), $0.2 ?? 1) }
    let weighted = edges.contains { $0.2 != nil }
    let n = ids.count
    func csr(_ arcs: [(Int, Int, Double)]) -> ([Int], [Int32], [Double]) {
        var off = [Int](repeating: 0, count: n + 1)
        for a in arcs { off[a.0 + 1] += 1 }
        for i in 0 ..< n { off[i + 1] += off[i] }
        var next = off, t = [Int32](repeating: 0, count: arcs.count), w = [Double](repeating: 0, count: arcs.count)
        for a in arcs { t[next[a.0]] = Int32(a.1); w[next[a.0]] = a.2; next[a.0] += 1 }
        return (off, t, weighted ? w : [])
    }
    if directed {
        let o = csr(pairs), i = csr(pairs.map { ($0.1, $0.0, $0.2) })
        return Graph(ids: ids, idsAreIntegers: ids.allSatisfy { Int64($0) != nil }, isDirected: true, isWeighted: weighted,
                     edgeCount: edges.count, outOffsets: o.0, outTargets: o.1, outWeights: o.2,
                     inOffsets: i.0, inTargets: i.1, inWeights: i.2)
    }
    let o = csr(pairs + pairs.filter { $0.0 != $0.1 }.map { ($0.1, $0.0, $0.2) })
    return Graph(ids: ids, idsAreIntegers: ids.allSatisfy { Int64($0) != nil }, isDirected: false, isWeighted: weighted,
                 edgeCount: edges.count, outOffsets: o.0, outTargets: o.1, outWeights: o.2,
                 inOffsets: o.0, inTargets: o.1, inWeights: o.2)
}
