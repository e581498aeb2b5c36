/// Louvain modularity optimisation (Blondel, Guillaume, Lambiotte, Lefebvre 2008, "Fast
/// unfolding of communities in large networks") on the undirected weighted graph: a directed
/// input is read as undirected, and parallel or reverse edges add their weights.
///
/// Each level moves single nodes to the neighbouring community of largest modularity gain
/// ΔQ ∝ k_i,in(c) − Σtot(c) · k_i / 2m (strictly positive gains only, so ties keep a node where
/// it is), sweeping the nodes in an order shuffled by SplitMix64(SEED) up to INNER_ITERATION
/// times or until a sweep raises modularity by at most 10^-7 (networkx's threshold); then
/// communities become the nodes of the next level. The first time a level gains nothing,
/// single vertices get one more chance to move between the communities found (the vertex-level
/// refinement of Rotta & Noack 2011); if any does, aggregation resumes from the refined
/// partition. Stops after OUTER_ITERATION levels or when neither gains anything.
/// Deterministic for a seed. Without positive total weight every vertex stays alone (Q = 0).
///
/// Rows: `VID`, `LABEL` for every vertex; LABEL is the community's vertex whose id orders first.
/// Reports `modularity` (Newman's Q with resolution 1: Σ_c [in_c / 2m − (tot_c / 2m)²], a
/// self-loop counting twice in a degree as networkx does), `levels` (aggregations made) and
/// `iterations` (sweeps over all levels). Throws `invalidParameter` for a negative
/// OUTER_ITERATION or INNER_ITERATION.
public enum Louvain: GraphAlgorithm {
    public static let name = "Louvain"
    public static let parameters: [AlgorithmParameter] = [
        AlgorithmParameter("OUTER_ITERATION", .integer, default: .integer(20)),
        AlgorithmParameter("INNER_ITERATION", .integer, default: .integer(10)),
        AlgorithmParameter("SEED", .integer, default: .integer(0)),
    ]

    public static func run(on graph: Graph, parameters: AlgorithmParameters) throws -> AlgorithmResult {
        let outer = parameters.integer("OUTER_ITERATION")
        let inner = parameters.integer("INNER_ITERATION")
        for (parameter, value) in [("OUTER_ITERATION", outer), ("INNER_ITERATION", inner)] where value < 0 {
            throw AlgorithmError.invalidParameter(algorithm: name, parameter: parameter, reason: "must be at least 0")
        }
        var rng = SplitMix64(seed: UInt64(bitPattern: Int64(parameters.integer("SEED"))))
        let vertices = CommunityGraph(graph)
        var level = vertices
        let twiceTotalWeight = level.degrees.reduce(0, +)
        // Original vertex → its node in the current level.
        var membership = Array(0..<Int32(graph.vertexCount))
        var levels = 0
        var sweeps = 0
        var refined = false
        while twiceTotalWeight > 0 && levels < outer {
            var (community, moved, levelSweeps) = level.moveNodes(
                from: nil, sweeps: inner, twiceTotalWeight: twiceTotalWeight, using: &rng)
            sweeps += levelSweeps
            if moved {
                for v in membership.indices { membership[v] = community[Int(membership[v])] }
            } else {
                // Converged: single vertices may still gain by leaving the community their
                // aggregate joined (Rotta & Noack 2011's refinement); once only, as each pass
                // sweeps the whole graph again. If none gains, done.
                if refined || level.nodeCount == vertices.nodeCount { break }
                refined = true
                (community, moved, levelSweeps) = vertices.moveNodes(
                    from: membership, sweeps: inner, twiceTotalWeight: twiceTotalWeight, using: &rng)
                sweeps += levelSweeps
                if !moved { break }
                membership = community
            }
            let (dense, count) = denseNumbers(membership)
            membership = dense
            level = vertices.aggregated(community: dense, count: count)
            levels += 1
        }
        // The last level's nodes are the communities: in_c is a node's self weight, tot_c its degree.
        var modularity = 0.0
        if twiceTotalWeight > 0 {
            for c in 0..<level.nodeCount {
                let share = level.degrees[c] / twiceTotalWeight
                modularity += level.selfWeights[c] / twiceTotalWeight - share * share
            }
        }
        return AlgorithmResult(
            names: ["VID", "LABEL"],
            columns: [
                .vertices(Array(0..<Int32(graph.vertexCount))),
                .vertices(graph.smallestMemberLabels(group: membership, groupCount: level.nodeCount)),
            ],
            report: ["modularity": .real(modularity), "levels": .integer(levels), "iterations": .integer(sweeps)])
    }

    /// A sweep raising modularity by no more than this ends local moving (networkx's default
    /// threshold): on large graphs the last sweeps move a handful of vertices for nothing.
    static let threshold = 1e-7

    /// Community numbers renumbered `0 ..< count` in order of first appearance.
    private static func denseNumbers(_ community: [Int32]) -> (dense: [Int32], count: Int) {
        var number = [Int32](repeating: -1, count: community.count)
        var count: Int32 = 0
        let dense = community.map { c -> Int32 in
            if number[Int(c)] < 0 {
                number[Int(c)] = count
                count += 1
            }
            return number[Int(c)]
        }
        return (dense, Int(count))
    }
}

/// One level of Louvain: a symmetric weighted graph in CSR form without self-loops, whose
/// self-loops and internal weight are kept per node as `selfWeights` (A_ii, twice a self-loop's
/// weight, the convention that makes Σ degrees = 2m).
struct CommunityGraph {
    /// An edge's far end and weight side by side: local moving reads both at once.
    struct Link {
        var target: Int32
        var weight: Double
    }

    var offsets: [Int]
    var links: [Link]
    var selfWeights: [Double]
    /// k_i: the weights of a node's edges plus its self weight.
    var degrees: [Double]

    var nodeCount: Int { selfWeights.count }

    init(offsets: [Int], links: [Link], selfWeights: [Double]) {
        self.offsets = offsets
        self.links = links
        self.selfWeights = selfWeights
        degrees = selfWeights
        for v in 0..<selfWeights.count {
            for e in offsets[v]..<offsets[v + 1] { degrees[v] += links[e].weight }
        }
    }

    /// The undirected reading of `graph`: a vertex's out- and (directed) in-edges, each edge
    /// once per endpoint.
    init(_ graph: Graph) {
        let n = graph.vertexCount
        var offsets = [Int](repeating: 0, count: n + 1)
        var links: [Link] = []
        var selfWeights = [Double](repeating: 0, count: n)
        links.reserveCapacity(graph.outTargets.count + (graph.isDirected ? graph.inTargets.count : 0))
        for v in 0..<n {
            for e in graph.outRange(v) {
                let u = graph.outTargets[e]
                if Int(u) == v {
                    selfWeights[v] += 2 * graph.outWeight(e)
                } else {
                    links.append(Link(target: u, weight: graph.outWeight(e)))
                }
            }
            if graph.isDirected {
                // A directed self-loop was counted with the out-edges.
                for e in graph.inRange(v) where Int(graph.inTargets[e]) != v {
                    links.append(Link(target: graph.inTargets[e], weight: graph.inWeight(e)))
                }
            }
            offsets[v + 1] = links.count
        }
        self.init(offsets: offsets, links: links, selfWeights: selfWeights)
    }

    /// What local moving keeps per community: its total degree Σtot, and the weight from the
    /// node being placed, valid only while `stamp` is that placement's number (so nothing needs
    /// clearing between nodes). Side by side, one cache line serves a neighbour's community.
    private struct Slot {
        var total: Double
        var link: Double
        var stamp: Int
    }

    /// Local moving: each node, in a seeded random order, joins the neighbouring community with
    /// the largest positive modularity gain, starting from `initial` communities (numbers
    /// below `nodeCount`) or from one community per node, until a sweep raises modularity by no
    /// more than `Louvain.threshold`. Returns each node's community, whether modularity rose
    /// and the sweeps run.
    func moveNodes(
        from initial: [Int32]?, sweeps: Int, twiceTotalWeight: Double, using rng: inout SplitMix64
    )
        -> (community: [Int32], moved: Bool, sweeps: Int)
    {
        let n = nodeCount
        var community = initial ?? Array(0..<Int32(n))
        var slots = [Slot](repeating: Slot(total: 0, link: 0, stamp: -1), count: n)
        for i in 0..<n { slots[Int(community[i])].total += degrees[i] }
        var order = Array(0..<Int32(n))
        for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, rng.next(below: i + 1)) }
        var touched = [Int32](repeating: 0, count: n)
        var movedAny = false
        var sweep = 0
        offsets.withUnsafeBufferPointer { offsets in
            links.withUnsafeBufferPointer { links in
                degrees.withUnsafeBufferPointer { degrees in
                    community.withUnsafeMutableBufferPointer { community in
                        slots.withUnsafeMutableBufferPointer { slots in
                            touched.withUnsafeMutableBufferPointer { touched in
                                var stamp = 0
                                while sweep < sweeps {
                                    sweep += 1
                                    var gained = 0.0
                                    for node in order {
                                        let i = Int(node)
                                        let own = Int(community[i])
                                        let k = degrees[i]
                                        stamp += 1
                                        slots[own].stamp = stamp
                                        slots[own].link = 0
                                        var count = 0
                                        for e in offsets[i]..<offsets[i + 1] {
                                            let link = links[e]
                                            let c = Int(community[Int(link.target)])
                                            if slots[c].stamp != stamp {
                                                slots[c].stamp = stamp
                                                slots[c].link = link.weight
                                                touched[count] = Int32(c)
                                                count += 1
                                            } else {
                                                slots[c].link += link.weight
                                            }
                                        }
                                        slots[own].total -= k
                                        var best = own
                                        let stayGain = slots[own].link - slots[own].total * k / twiceTotalWeight
                                        var bestGain = stayGain
                                        for t in 0..<count {
                                            let c = Int(touched[t])
                                            let gain = slots[c].link - slots[c].total * k / twiceTotalWeight
                                            if gain > bestGain {
                                                best = c
                                                bestGain = gain
                                            }
                                        }
                                        slots[best].total += k
                                        if best != own {
                                            community[i] = Int32(best)
                                            gained += bestGain - stayGain
                                        }
                                    }
                                    // A move changes modularity by (bestGain − stayGain) / m.
                                    if 2 * gained / twiceTotalWeight <= Louvain.threshold { break }
                                    movedAny = true
                                }
                            }
                        }
                    }
                }
            }
        }
        return (community, movedAny, sweep)
    }

    /// The graph whose nodes are the communities `community[i]` in `0 ..< count`: edges between
    /// communities add up, edges inside one join its self weight (from both ends, so twice).
    func aggregated(community: [Int32], count: Int) -> CommunityGraph {
        // Members of each community, by counting sort.
        var memberOffsets = [Int](repeating: 0, count: count + 1)
        for c in community { memberOffsets[Int(c) + 1] += 1 }
        for c in 0..<count { memberOffsets[c + 1] += memberOffsets[c] }
        var cursor = memberOffsets
        var members = [Int32](repeating: 0, count: nodeCount)
        for i in 0..<nodeCount {
            let c = Int(community[i])
            members[cursor[c]] = Int32(i)
            cursor[c] += 1
        }
        var newOffsets = [Int](repeating: 0, count: count + 1)
        var newLinks: [Link] = []
        var newSelf = [Double](repeating: 0, count: count)
        var linkWeights = [Double](repeating: 0, count: count)
        var stamps = [Int](repeating: -1, count: count)
        var touched: [Int32] = []
        for c in 0..<count {
            for m in memberOffsets[c]..<memberOffsets[c + 1] {
                let i = Int(members[m])
                newSelf[c] += selfWeights[i]
                for e in offsets[i]..<offsets[i + 1] {
                    let d = Int(community[Int(links[e].target)])
                    if d == c {
                        newSelf[c] += links[e].weight
                    } else if stamps[d] != c {
                        stamps[d] = c
                        linkWeights[d] = links[e].weight
                        touched.append(Int32(d))
                    } else {
                        linkWeights[d] += links[e].weight
                    }
                }
            }
            for d in touched { newLinks.append(Link(target: d, weight: linkWeights[Int(d)])) }
            touched.removeAll(keepingCapacity: true)
            newOffsets[c + 1] = newLinks.count
        }
        return CommunityGraph(offsets: newOffsets, links: newLinks, selfWeights: newSelf)
    }
}
