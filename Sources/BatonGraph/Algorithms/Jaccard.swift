/// Jaccard similarity of neighbour sets (SPEC §12 `Jaccard`): `|N(a) ∩ N(b)| / |N(a) ∪ N(b)|`,
/// with `N` the neighbours in the undirected simple graph, 0 when the union is empty (networkx's
/// `jaccard_coefficient`). Only the listed vertices' neighbour sets are gathered (sorted, self
/// and repeats dropped), so a few ids on a large graph cost their degrees, not O(E); each pair is
/// then a merge of two sorted lists, O(d(a) + d(b)).
///
/// Params: `IDS1`, `IDS2` (required): comma-separated vertex ids, spaces around each trimmed,
/// empty items skipped. Rows: `VID1`, `VID2`, `VALUE` (real) for every pair of IDS1 × IDS2, IDS1
/// in the outer loop, both in the order given. Throws `unknownVertex` for an id no edge names.
public enum Jaccard: GraphAlgorithm {
    public static let name = "Jaccard"
    public static let parameters = [
        AlgorithmParameter("IDS1", .text, default: nil),
        AlgorithmParameter("IDS2", .text, default: nil),
    ]

    public static func run(on graph: Graph, parameters: AlgorithmParameters) throws -> AlgorithmResult {
        let first = try vertices(graph, parameter: "IDS1", parameters.text("IDS1"))
        let second = try vertices(graph, parameter: "IDS2", parameters.text("IDS2"))
        var sets: [Int: [Int32]] = [:]
        for v in first + second where sets[v] == nil { sets[v] = neighbours(graph, v) }
        var vids1: [Int32] = []
        var vids2: [Int32] = []
        var values: [Double] = []
        for a in first {
            for b in second {
                vids1.append(Int32(a))
                vids2.append(Int32(b))
                values.append(similarity(sets[a]!, sets[b]!))
            }
        }
        return AlgorithmResult(
            names: ["VID1", "VID2", "VALUE"],
            columns: [.vertices(vids1), .vertices(vids2), .reals(values)])
    }

    /// The vertex numbers of a comma-separated id list. One O(V) id table for the whole list.
    static func vertices(_ graph: Graph, parameter: String, _ list: String) throws -> [Int] {
        let ids = list.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        if ids.count <= 1 { return try ids.map { try graph.vertex(parameter: parameter, of: name, id: $0) } }
        var wanted = [String: Int](minimumCapacity: ids.count)
        for id in ids { wanted[id] = -1 }
        for (v, id) in graph.ids.enumerated() where wanted[id] == -1 { wanted[id] = v }
        return try ids.map { id in
            guard let v = wanted[id], v >= 0 else {
                throw AlgorithmError.unknownVertex(algorithm: name, parameter: parameter, id: id)
            }
            return v
        }
    }

    /// `v`'s neighbours in the undirected simple graph, ascending.
    static func neighbours(_ graph: Graph, _ v: Int) -> [Int32] {
        var list = graph.outTargets[graph.outRange(v)].filter { Int($0) != v }
        if graph.isDirected { list += graph.inTargets[graph.inRange(v)].filter { Int($0) != v } }
        list.sort()
        var kept = 0
        for x in list where kept == 0 || list[kept - 1] != x {
            list[kept] = x
            kept += 1
        }
        return Array(list[0..<kept])
    }

    /// Jaccard similarity of two ascending, repeat-free neighbour lists.
    static func similarity(_ a: [Int32], _ b: [Int32]) -> Double {
        var i = 0
        var j = 0
        var common = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                common += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        let union = a.count + b.count - common
        return union == 0 ? 0 : Double(common) / Double(union)
    }
}

private extension Substring {
    /// Without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var s = self[...]
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return String(s)
    }
}
