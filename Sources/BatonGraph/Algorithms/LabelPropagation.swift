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

    /// A label's standing among the neighbours of the vertex being updated: valid only while
    /// `stamp` is that update's number, so nothing needs clearing between vertices.
    private struct Tally {
        var total: Double
        /// HANP: the highest score among the neighbours with this label.
        var strongest: Double
        var stamp: Int
    }

    init(graph: Graph, iterations: Int, preference: Preference?) {
        let n = graph.vertexCount
        let (offsets, neighbours) = Self.neighbourhoods(graph)
        let ranks = graph.idRanks()
        var labels = Array(0..<Int32(n))
        let hanp = preference != nil
        let attenuation = preference?.hopAttenuation ?? 0
        // HANP's per-vertex score s and preference factor deg^m (only read when preference is set).
        var scores = [Double](repeating: 1, count: hanp ? n : 0)
        let factors: [Double] =
            preference.map { p in
                (0..<n).map { v in
                    let degree = offsets[v + 1] - offsets[v]
                    return degree > 0 ? pow(Double(degree), p.exponent) : 0
                }
            } ?? []
        var tallies = [Tally](repeating: Tally(total: 0, strongest: 0, stamp: -1), count: n)
        var touched = [Int32](repeating: 0, count: n)
        var sweeps = 0
        offsets.withUnsafeBufferPointer { offsets in
            neighbours.withUnsafeBufferPointer { neighbours in
                ranks.withUnsafeBufferPointer { ranks in
                    factors.withUnsafeBufferPointer { factors in
                        labels.withUnsafeMutableBufferPointer { labels in
                            scores.withUnsafeMutableBufferPointer { scores in
                                tallies.withUnsafeMutableBufferPointer { tallies in
                                    touched.withUnsafeMutableBufferPointer { touched in
                                        var stamp = 0
                                        while sweeps < iterations {
                                            sweeps += 1
                                            var changed = false
                                            for v in 0..<n {
                                                let start = offsets[v]
                                                let end = offsets[v + 1]
                                                if start == end { continue }
                                                stamp += 1
                                                var count = 0
                                                // Totals add up in neighbour order, so equal sums stay bit-for-bit equal.
                                                for e in start..<end {
                                                    let u = Int(neighbours[e])
                                                    let label = Int(labels[u])
                                                    let score = hanp ? scores[u] : 1
                                                    let weight = hanp ? score * factors[u] : 1
                                                    if tallies[label].stamp != stamp {
                                                        tallies[label] = Tally(total: 0 + weight, strongest: score, stamp: stamp)
                                                        touched[count] = Int32(label)
                                                        count += 1
                                                    } else {
                                                        tallies[label].total += weight
                                                        tallies[label].strongest = max(tallies[label].strongest, score)
                                                    }
                                                }
                                                var best = Int(touched[0])
                                                for t in 1..<count {
                                                    let label = Int(touched[t])
                                                    let total = tallies[label].total
                                                    let bestTotal = tallies[best].total
                                                    if total > bestTotal || (total == bestTotal && ranks[label] < ranks[best]) {
                                                        best = label
                                                    }
                                                }
                                                if hanp { scores[v] = tallies[best].strongest - attenuation }
                                                if best != Int(labels[v]) {
                                                    labels[v] = Int32(best)
                                                    changed = true
                                                }
                                            }
                                            if !changed { break }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
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
        for v in 0..<n {
            for e in graph.outRange(v) where Int(graph.outTargets[e]) != v { neighbours.append(graph.outTargets[e]) }
            if graph.isDirected {
                for e in graph.inRange(v) where Int(graph.inTargets[e]) != v { neighbours.append(graph.inTargets[e]) }
            }
            offsets[v + 1] = neighbours.count
        }
        return (offsets, neighbours)
    }
}
