/// Louvain modularity optimisation (Blondel, Guillaume, Lambiotte, Lefebvre 2008, "Fast
/// unfolding of communities in large networks") on the undirected weighted graph: a directed
/// input is read as undirected, and parallel or reverse edges add their weights.
///
/// Each level moves single nodes to the neighbouring community of largest modularity gain
/// ΔQ ∝ k_i,in(c) − Σtot(c) · k_i / 2m (strictly positive gains only, so ties keep a node where
/// it is), sweeping the nodes in an order shuffled by SplitMix64(SEED) up to INNER_ITERATION
/// times or until a sweep moves nothing; then communities become the nodes of the next level.
/// The first time a level moves nothing, single vertices get one more chance to move between
/// the communities found (the vertex-level refinement of Rotta & Noack 2011); if any does,
/// aggregation resumes from the refined partition. Stops after OUTER_ITERATION levels or when neither moves
/// anything. Deterministic for a seed.
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
        var membership = Array(0 ..< Int32(graph.vertexCount))
        var levels = 0
        var sweeps = 0
        var refined = false
        while twiceTotalWeight > 0 && levels < outer {
            var (community, moved, levelSweeps) = level.moveNodes(from: nil, sweeps: inner, twiceTotalWeight: twiceTotalWeight, using: &rng)
            sweeps += levelSweeps
            if moved {
                for v in membership.indices { membership[v] = community[Int(membership[v])] }
            } else {
                // Converged: single vertices may still gain by leaving the community their
                // aggregate joined (Rotta & Noack 2011's refinement); once only, as each pass
                // sweeps the whole graph again. If none gains, done.
                if refined || level.nodeCount == vertices.nodeCount { break }
                refined = true
                (community, moved, levelSweeps) = vertices.moveNodes(from: membership, sweeps: inner, twiceTotalWeight: twiceTotalWeight, using: &rng)
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
            for c in 0 ..< level.nodeCount {
                let share = level.degrees[c] / twiceTotalWeight
                modularity += level.selfWeights[c] / twiceTotalWeight - share * share
            }
        }
        return AlgorithmResult(
            names: ["VID", "LABEL"],
            columns: [
                .vertices(Array(0 ..< Int32(graph.vertexCount))),
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
    var offsets: [Int]
    var targets: [Int32]
    var weights: [Double]
    var selfWeights: [Double]
    /// k_i: the weights of a node's edges plus its self weight.
    var degrees: [Double]

    var nodeCount: Int { selfWeights.count }

    init(offsets: [Int], targets: [Int32], weights: [Double], selfWeights: [Double]) {
        self.offsets = offsets
        self.targets = targets
        self.weights = weights
        self.selfWeights = selfWeights
        degrees = selfWeights
        for v in 0 ..< selfWeights.count {
            for e in offsets[v] ..< offsets[v + 1] { degrees[v] += weights[e] }
        }
    }

    /// The undirected reading of `graph`: a vertex's out- and (directed) in-edges, each edge
    /// once per endpoint.
    init(_ graph: Graph) {
        let n = graph.vertexCount
        var offsets = [Int](repeating: 0, count: n + 1)
        var targets: [Int32] = []
        var weights: [Double] = []
        var selfWeights = [Double](repeating: 0, count: n)
        let capacity = graph.outTargets.count + (graph.isDirected ? graph.inTargets.count : 0)
        targets.reserveCapacity(capacity)
        weights.reserveCapacity(capacity)
        for v in 0 ..< n {
            for e in graph.outRange(v) {
                let u = graph.outTargets[e]
                if Int(u) == v {
                    selfWeights[v] += 2 * graph.outWeight(e)
                } else {
                    targets.append(u)
                    weights.append(graph.outWeight(e))
                }
            }
            if graph.isDirected {
                // A directed self-loop was counted with the out-edges.
                for e in graph.inRange(v) where Int(graph.inTargets[e]) != v {
                    targets.append(graph.inTargets[e])
                    weights.append(graph.inWeight(e))
                }
            }
            offsets[v + 1] = targets.count
        }
        self.init(offsets: offsets, targets: targets, weights: weights, selfWeights: selfWeights)
    }

    /// Local moving: each node, in a seeded random order, joins the neighbouring community with
    /// the largest positive modularity gain, starting from `initial` communities (numbers
    /// below `nodeCount`) or from one community per node, until a sweep raises modularity by no
    /// more than `Louvain.threshold`. Returns each node's community, whether modularity rose
    /// and the sweeps run.
    func moveNodes(from initial: [Int32]?, sweeps: Int, twiceTotalWeight: Double, using rng: inout SplitMix64)
        -> (community: [Int32], moved: Bool, sweeps: Int) {
        let n = nodeCount
        var community = initial ?? Array(0 ..< Int32(n))
        var totals = [Double](repeating: 0, count: n)
        for i in 0 ..< n { totals[Int(community[i])] += degrees[i] }
        var order = Array(0 ..< Int32(n))
        for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, rng.next(below: i + 1)) }
        // Per community: the weight from the current node, valid only while stamp == that node
        // (so nothing needs clearing between nodes), and the communities touched so far.
        var linkWeights = [Double](repeating: 0, count: n)
        var stamps = [Int32](repeating: -1, count: n)
        var touched = [Int32](repeating: 0, count: n)
        var movedAny = false
        var sweep = 0
        offsets.withUnsafeBufferPointer { offsets in
        targets.withUnsafeBufferPointer { targets in
        weights.withUnsafeBufferPointer { weights in
        degrees.withUnsafeBufferPointer { degrees in
        community.withUnsafeMutableBufferPointer { community in
        totals.withUnsafeMutableBufferPointer { totals in
        linkWeights.withUnsafeMutableBufferPointer { linkWeights in
        stamps.withUnsafeMutableBufferPointer { stamps in
        touched.withUnsafeMutableBufferPointer { touched in
            while sweep < sweeps {
                sweep += 1
                var gained = 0.0
                for i32 in order {
                    let i = Int(i32)
                    let own = community[i]
                    let k = degrees[i]
                    stamps[Int(own)] = i32
                    linkWeights[Int(own)] = 0
                    var touchedCount = 0
                    for e in offsets[i] ..< offsets[i + 1] {
                        let c = Int(community[Int(targets[e])])
                        if stamps[c] != i32 {
                            stamps[c] = i32
                            linkWeights[c] = 0
                            touched[touchedCount] = Int32(c)
                            touchedCount += 1
                        }
                        linkWeights[c] += weights[e]
                    }
                    totals[Int(own)] -= k
                    var best = own
                    let stayGain = linkWeights[Int(own)] - totals[Int(own)] * k / twiceTotalWeight
                    var bestGain = stayGain
                    for t in 0 ..< touchedCount {
                        let c = touched[t]
                        let gain = linkWeights[Int(c)] - totals[Int(c)] * k / twiceTotalWeight
                        if gain > bestGain {
                            best = c
                            bestGain = gain
                        }
                    }
                    totals[Int(best)] += k
                    if best != own {
                        community[i] = best
                        gained += bestGain - stayGain
                    }
                }
                // A move changes modularity by (bestGain − stayGain) / m.
                if 2 * gained / twiceTotalWeight <= Louvain.threshold { break }
                movedAny = true
            }
        }}}}}}}}}
        return (community, movedAny, sweep)
    }

    /// The graph whose nodes are the communities `community[i]` in `0 ..< count`: edges between
    /// communities add up, edges inside one join its self weight (from both ends, so twice).
    func aggregated(community: [Int32], count: Int) -> CommunityGraph {
        // Members of each community, by counting sort.
        var memberOffsets = [Int](repeating: 0, count: count + 1)
        for c in community { memberOffsets[Int(c) + 1] += 1 }
        for c in 0 ..< count { memberOffsets[c + 1] += memberOffsets[c] }
        var cursor = memberOffsets
        var members = [Int32](repeating: 0, count: nodeCount)
        for i in 0 ..< nodeCount {
            let c = Int(community[i])
            members[cursor[c]] = Int32(i)
            cursor[c] += 1
        }
        var newOffsets = [Int](repeating: 0, count: count + 1)
        var newTargets: [Int32] = []
        var newWeights: [Double] = []
        var newSelf = [Double](repeating: 0, count: count)
        var linkWeights = [Double](repeating: 0, count: count)
        var marked = [Bool](repeating: false, count: count)
        var touched: [Int32] = []
        for c in 0 ..< count {
            for m in memberOffsets[c] ..< memberOffsets[c + 1] {
                let i = Int(members[m])
                newSelf[c] += selfWeights[i]
                for e in offsets[i] ..< offsets[i + 1] {
                    let d = community[Int(targets[e])]
                    if Int(d) == c {
                        newSelf[c] += weights[e]
                    } else {
                        if !marked[Int(d)] {
                            marked[Int(d)] = true
                            touched.append(d)
                        }
                        linkWeights[Int(d)] += weights[e]
                    }
                }
            }
            for d in touched {
                newTargets.append(d)
                newWeights.append(linkWeights[Int(d)])
                linkWeights[Int(d)] = 0
                marked[Int(d)] = false
            }
            touched.removeAll(keepingCapacity: true)
            newOffsets[c + 1] = newTargets.count
        }
        return CommunityGraph(offsets: newOffsets, targets: newTargets, weights: newWeights, selfWeights: newSelf)
    }
}
