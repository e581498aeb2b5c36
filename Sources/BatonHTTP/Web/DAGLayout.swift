/// A layered drawing of a DAG (Sugiyama style, kept simple): every node sits one layer below
/// its deepest parent, nodes inside a layer are ordered to keep edges short and uncrossed, and
/// layers are centred. Pure and deterministic, so the web page can draw it as SVG as is.
struct DAGLayout: Sendable, Equatable {
    struct Node: Sendable, Equatable {
        /// Indices of the nodes this one waits for.
        var parents: [Int]
        /// Drawn in a layer of its own below everything else (hooks, which wait for no edge but
        /// run after the job).
        var trailing: Bool

        init(parents: [Int], trailing: Bool = false) {
            self.parents = parents
            self.trailing = trailing
        }
    }

    struct Placed: Sendable, Equatable {
        var layer: Int
        /// Position inside the layer, from the left.
        var order: Int
        /// Top-left corner.
        var x: Double
        var y: Double
    }

    struct Edge: Sendable, Equatable {
        var from: Int
        var to: Int

        init(from: Int, to: Int) {
            self.from = from
            self.to = to
        }
    }

    static let nodeWidth = 168.0
    static let nodeHeight = 44.0
    static let horizontalGap = 24.0
    static let verticalGap = 48.0
    static let margin = 8.0

    /// One entry per input node, in input order.
    var nodes: [Placed]
    /// Parent to child; the parent is always in a higher layer (smaller y).
    var edges: [Edge]
    var width: Double
    var height: Double

    init(_ input: [Node]) {
        let layers = Self.layers(input)
        let rows = Self.order(input, layers: layers)
        let widest = rows.map(\.count).max() ?? 0
        let width = Double(widest) * Self.nodeWidth + Double(max(widest - 1, 0)) * Self.horizontalGap + 2 * Self.margin
        var placed = [Placed](repeating: Placed(layer: 0, order: 0, x: 0, y: 0), count: input.count)
        for (layer, row) in rows.enumerated() {
            let rowWidth = Double(row.count) * Self.nodeWidth + Double(max(row.count - 1, 0)) * Self.horizontalGap
            let left = (width - rowWidth) / 2
            for (order, node) in row.enumerated() {
                placed[node] = Placed(
                    layer: layer, order: order,
                    x: left + Double(order) * (Self.nodeWidth + Self.horizontalGap),
                    y: Self.margin + Double(layer) * (Self.nodeHeight + Self.verticalGap))
            }
        }
        nodes = placed
        edges = input.enumerated().flatMap { child, node in
            node.parents.filter { input.indices.contains($0) && layers[$0] < layers[child] }.map { Edge(from: $0, to: child) }
        }
        self.width = input.isEmpty ? 0 : width
        height =
            rows.isEmpty ? 0 : Double(rows.count) * Self.nodeHeight + Double(rows.count - 1) * Self.verticalGap + 2 * Self.margin
    }

    /// Longest path from a root. A cycle (which validated definitions never have) is broken
    /// where it is found rather than looping.
    static func layers(_ input: [Node]) -> [Int] {
        var layer = [Int?](repeating: nil, count: input.count)
        var visiting = Set<Int>()
        func depth(_ node: Int) -> Int {
            if let known = layer[node] { return known }
            visiting.insert(node)
            var deepest = -1
            for parent in input[node].parents where input.indices.contains(parent) && !visiting.contains(parent) {
                deepest = max(deepest, depth(parent))
            }
            visiting.remove(node)
            layer[node] = deepest + 1
            return deepest + 1
        }
        var result = input.indices.map { input[$0].trailing ? 0 : depth($0) }
        let last = input.indices.filter { !input[$0].trailing }.map { result[$0] }.max() ?? -1
        for index in input.indices where input[index].trailing { result[index] = last + 1 }
        return result
    }

    /// Nodes of each layer, ordered by the mean position of their parents (barycentre), so that
    /// children sit under their parents; ties keep input order.
    static func order(_ input: [Node], layers: [Int]) -> [[Int]] {
        let count = (layers.max() ?? -1) + 1
        var rows = [[Int]](repeating: [], count: count)
        for index in input.indices { rows[layers[index]].append(index) }
        // Positions are offsets from the layer's centre, since layers are drawn centred.
        var position = [Int: Double]()
        func place(_ row: [Int]) {
            for (slot, node) in row.enumerated() { position[node] = Double(slot) - Double(row.count - 1) / 2 }
        }
        if let first = rows.first { place(first) }
        for layer in rows.indices.dropFirst() {
            let row = rows[layer]
            let keyed = row.enumerated().map { slot, node -> (Double, Int, Int) in
                let known = input[node].parents.compactMap { position[$0] }
                let centre = known.isEmpty ? Double(slot) - Double(row.count - 1) / 2 : known.reduce(0, +) / Double(known.count)
                return (centre, slot, node)
            }
            rows[layer] = keyed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
            place(rows[layer])
        }
        return rows
    }
}
