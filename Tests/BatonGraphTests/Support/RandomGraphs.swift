@testable import BatonGraph

/// One input row: `source,destination[,weight]`.
struct EdgeRow: Equatable, Sendable {
    var source: String
    var destination: String
    var weight: Double?

    init(source: String, destination: String, weight: Double? = nil) {
        self.source = source
        self.destination = destination
        self.weight = weight
    }
}

/// Seeded random edge lists covering what the algorithms must cope with.
enum RandomGraphs {
    /// How a random edge list is drawn.
    struct Shape: Sendable, CustomStringConvertible {
        var vertices = 30
        var edges = 60
        /// Rows carry a weight (one decimal, 0.1 ... 9.9).
        var weighted = false
        /// Ids like `v17` (ordered as text: `v10` < `v9`) instead of integers.
        var stringIds = false
        var selfLoops = false
        var multiEdges = false
        /// Vertices are split into this many groups with no edge between groups.
        var parts = 1

        var description: String {
            "\(vertices)v/\(edges)e\(weighted ? " weighted" : "")\(stringIds ? " text-ids" : "")"
                + "\(selfLoops ? " self-loops" : "")\(multiEdges ? " multi-edges" : "")\(parts > 1 ? " \(parts) parts" : "")"
        }
    }

    /// A random edge list of `shape`. Integer ids are scrambled (`7·n + 3` shuffled) so input
    /// order, vertex numbers and id order all differ; without `multiEdges` no pair repeats (for
    /// an undirected graph neither way round).
    static func rows(seed: UInt64, _ shape: Shape, directed: Bool) -> [EdgeRow] {
        var rng = SplitMix64(seed: seed)
        var names = (0..<shape.vertices).map { shape.stringIds ? "v\($0)" : String(7 * $0 + 3) }
        names.shuffle(using: &rng)
        let parts = max(1, min(shape.parts, shape.vertices))
        var seen = Set<[Int]>()
        var rows: [EdgeRow] = []
        var attempts = 0
        while rows.count < shape.edges && attempts < shape.edges * 50 {
            attempts += 1
            let part = Int.random(in: 0..<parts, using: &rng)
            // Part p holds the vertices n with n % parts == p.
            let size = (shape.vertices - part + parts - 1) / parts
            let u = part + parts * Int.random(in: 0..<size, using: &rng)
            let v = part + parts * Int.random(in: 0..<size, using: &rng)
            if u == v && !shape.selfLoops { continue }
            if !shape.multiEdges {
                let key = directed ? [u, v] : [min(u, v), max(u, v)]
                if !seen.insert(key).inserted { continue }
            }
            let weight = shape.weighted ? Double(Int.random(in: 1...99, using: &rng)) / 10 : nil
            rows.append(EdgeRow(source: names[u], destination: names[v], weight: weight))
        }
        return rows
    }

    /// The graph `GraphBuilder` makes of `rows`.
    static func graph(_ rows: [EdgeRow], directed: Bool) -> Graph {
        var builder = GraphBuilder(isDirected: directed)
        for row in rows { builder.addEdge(source: row.source, destination: row.destination, weight: row.weight) }
        return builder.build()
    }

    /// Shapes every algorithm is checked on: small and larger, sparse and dense, weighted,
    /// text ids, disconnected, with self-loops and multi-edges.
    static let shapes: [Shape] = [
        Shape(vertices: 8, edges: 12),
        Shape(vertices: 40, edges: 80, stringIds: true),
        Shape(vertices: 60, edges: 70, weighted: true, parts: 3),
        Shape(vertices: 50, edges: 200, selfLoops: true, multiEdges: true),
        Shape(vertices: 120, edges: 300, weighted: true, stringIds: true, selfLoops: true, multiEdges: true, parts: 4),
        Shape(vertices: 300, edges: 1200, parts: 2),
    ]
}
