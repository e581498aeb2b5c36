/// A graph's simple adjacency in CSR form: no self-loops, no repeated neighbour, every neighbour
/// list sorted by vertex number.
///
/// Two readings of a `Graph`:
/// * `SimpleGraph(graph)` is SPEC §12's "undirected simple graph": direction forgotten,
///   self-loops dropped, multi-edges and reverse pairs merged into one undirected edge (what
///   networkx's `nx.Graph(edges)` minus self-loops holds). KCore, TriangleCount and
///   ClusteringCoefficient work on it.
/// * `SimpleGraph(successorsOf: graph)` keeps direction: `v`'s list holds its distinct
///   out-neighbours other than itself (networkx's `nx.DiGraph(edges)`; for an undirected graph the
///   same as the first reading). Betweenness counts shortest paths on it, so parallel edges do not
///   multiply path counts.
///
/// Built in O(V + E) without sorting: every list is filled by scanning the vertices in ascending
/// order and appending each to the lists of its neighbours, so the lists come out ascending and a
/// duplicate sits next to its twin, then compacted in place. Memory: 4 bytes per input adjacency
/// entry (self-loops excepted; repeats are dropped but their capacity kept) plus 8 per vertex.
public struct SimpleGraph: Sendable {
    /// The neighbours of `v` are `neighbours[offsets[v] ..< offsets[v + 1]]`, ascending.
    public let offsets: [Int]
    public let neighbours: [Int32]

    public var vertexCount: Int { offsets.count - 1 }
    /// Total list entries: twice the edges for the undirected reading, the arcs for `successorsOf`.
    public var entryCount: Int { neighbours.count }

    /// Number of neighbours of `v`.
    @inline(__always) public func degree(_ v: Int) -> Int { offsets[v + 1] - offsets[v] }
    /// Range of `v`'s neighbours in `neighbours`.
    @inline(__always) public func range(_ v: Int) -> Range<Int> { offsets[v]..<offsets[v + 1] }

    /// The undirected simple graph of `graph` (self-loops dropped, multi-edges and reverse pairs
    /// merged).
    public init(_ graph: Graph) {
        // On a directed graph a vertex's undirected neighbours are its out- and in-neighbours; on
        // an undirected one the out-arrays already hold both directions.
        var lists: [(offsets: [Int], targets: [Int32])] = [(graph.outOffsets, graph.outTargets)]
        if graph.isDirected { lists.append((graph.inOffsets, graph.inTargets)) }
        // The relation is symmetric, so `w` is appended to `u`'s list once per time `u` shows in
        // `w`'s lists, and `u`'s list needs as many slots as `u`'s own lists have entries.
        self.init(vertexCount: graph.vertexCount, counting: lists, filling: lists)
    }

    /// The distinct out-neighbours of every vertex, self excluded (a directed simple graph).
    public init(successorsOf graph: Graph) {
        // `u` is an out-neighbour of `w` exactly when `w` is an in-neighbour of `u`: scanning `w`
        // over ascending numbers and its in-lists fills the out-lists in ascending order.
        self.init(
            vertexCount: graph.vertexCount,
            counting: [(graph.outOffsets, graph.outTargets)],
            filling: [(graph.inOffsets, graph.inTargets)])
    }

    /// `counting` gives, per vertex `u`, the entries that will land in `u`'s list (their count);
    /// `filling` is its transpose: `w`'s entries name the `u`s whose lists receive `w`.
    private init(
        vertexCount n: Int,
        counting: [(offsets: [Int], targets: [Int32])],
        filling: [(offsets: [Int], targets: [Int32])]
    ) {
        var start = [Int](repeating: 0, count: n + 1)
        for list in counting {
            list.targets.withUnsafeBufferPointer { targets in
                for u in 0..<n {
                    var loops = 0
                    for e in list.offsets[u]..<list.offsets[u + 1] where Int(targets[e]) == u { loops += 1 }
                    start[u + 1] += list.offsets[u + 1] - list.offsets[u] - loops
                }
            }
        }
        for u in 0..<n { start[u + 1] += start[u] }

        // Scanning `w` in ascending order (all of its lists before the next `w`) appends to every
        // list in ascending order.
        var raw = [Int32](repeating: 0, count: start[n])
        var next = start
        raw.withUnsafeMutableBufferPointer { raw in
            next.withUnsafeMutableBufferPointer { next in
                for w in 0..<n {
                    for list in filling {
                        for e in list.offsets[w]..<list.offsets[w + 1] {
                            let u = Int(list.targets[e])
                            if u == w { continue }
                            raw[next[u]] = Int32(w)
                            next[u] += 1
                        }
                    }
                }
            }
        }

        // Drop repeats, compacting in place (each list is ascending, so repeats are adjacent).
        var offsets = [Int](repeating: 0, count: n + 1)
        var kept = 0
        raw.withUnsafeMutableBufferPointer { raw in
            for u in 0..<n {
                var previous: Int32 = -1
                for e in start[u]..<start[u + 1] where raw[e] != previous {
                    previous = raw[e]
                    raw[kept] = previous
                    kept += 1
                }
                offsets[u + 1] = kept
            }
        }
        raw.removeLast(raw.count - kept)
        self.offsets = offsets
        self.neighbours = raw
    }
}
