#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The propagation LPA and HANP share (SPEC §12): every vertex starts with itself as label; a
/// sweep updates vertices one at a time in input (vertex-number) order, each taking the label
/// with the highest total over its neighbours (both directions, multi-edges once each,
/// self-loops left out), ties to the label whose id orders first; stops after `iterations`
/// sweeps or after a sweep in which no label changed.
struct LabelPropagation {
    /// Node preference and hop attenuation (HANP); nil: plain LPA, every neighbour counting 1.
    struct Preference {
        var exponent: Double
        var hopAttenuation: Double
    }

    let labels: [Int32]
    /// Sweeps run.
    let sweeps: Int

    init(graph: Graph, iterations: Int, preference: Preference?) {
        let n = graph.vertexCount
        let (offsets, neighbours) = Self.neighbourhoods(graph)
        let ranks = graph.idRanks()
        var labels = Array(0 ..< Int32(n))
        // HANP's per-vertex score s and preference factor deg^m (only read when preference is set).
        var scores = [Double](repeating: 1, count: preference == nil ? 0 : n)
        let factors: [Double] = preference.map { p in
            (0 ..< n).map { v in
                let degree = offsets[v + 1] - offsets[v]
                return degree > 0 ? pow(Double(degree), p.exponent) : 0
            }
        } ?? []
        var totals = [Double](repeating: 0, count: n)
        var marked = [Bool](repeating: false, count: n)
        var touched: [Int32] = []
        var sweeps = 0
        while sweeps < iterations {
            sweeps += 1
            var changed = false
            for v in 0 ..< n {
                let range = offsets[v] ..< offsets[v + 1]
                if range.isEmpty { continue }
                for e in range {
                    let u = Int(neighbours[e])
                    let label = Int(labels[u])
                    if !marked[label] {
                        marked[label] = true
                        touched.append(Int32(label))
                    }
                    totals[label] += preference == nil ? 1 : scores[u] * factors[u]
                }
                var best = touched[0]
                for label in touched.dropFirst() {
                    let t = totals[Int(label)], b = totals[Int(best)]
                    if t > b || (t == b && ranks[Int(label)] < ranks[Int(best)]) { best = label }
                }
                for label in touched {
                    totals[Int(label)] = 0
                    marked[Int(label)] = false
                }
                touched.removeAll(keepingCapacity: true)
                if let preference {
                    var strongest = -Double.infinity
                    for e in range where labels[Int(neighbours[e])] == best {
                        strongest = max(strongest, scores[Int(neighbours[e])])
                    }
                    scores[v] = strongest - preference.hopAttenuation
                }
                if best != labels[v] {
                    labels[v] = best
                    changed = true
                }
            }
            if !changed { break }
        }
        self.labels = labels
        self.sweeps = sweeps
    }

    /// Each vertex's neighbours as one CSR: out-neighbours in CSR order, then (directed graphs)
    /// in-neighbours; self-loops dropped. An undirected graph's out-lists already go both ways.
    private static func neighbourhoods(_ graph: Graph) -> (offsets: [Int], neighbours: [Int32]) {
        let n = graph.vertexCount
        var offsets = [Int](repeating: 0, count: n + 1)
        var neighbours: [Int32] = []
        neighbours.reserveCapacity(graph.outTargets.count + (graph.isDirected ? graph.inTargets.count : 0))
        for v in 0 ..< n {
            for e in graph.outRange(v) where Int(graph.outTargets[e]) != v { neighbours.append(graph.outTargets[e]) }
            if graph.isDirected {
                for e in graph.inRange(v) where Int(graph.inTargets[e]) != v { neighbours.append(graph.inTargets[e]) }
            }
            offsets[v + 1] = neighbours.count
        }
        return (offsets, neighbours)
    }
}
