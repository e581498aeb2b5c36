import Testing
@testable import BatonGraph

@Suite struct PathAlgorithmTests {
    /// a → b → c → d, a → c, e → a; c → c.
    let chain = hand(
        [("a", "b", nil), ("b", "c", nil), ("c", "d", nil), ("a", "c", nil), ("e", "a", nil), ("c", "c", nil)],
        directed: true)

    @Test func bfsFollowsDirectionAndStopsAtMaxDepth() throws {
        func run(_ root: String, _ depth: Int) throws -> AlgorithmResult {
            try BFS.run(on: chain, parameters: AlgorithmParameters(["ROOT": .text(root), "MAX_DEPTH": .integer(depth)]))
        }
        #expect(try run("a", -1).columns == [.vertices([0, 1, 2, 3]), .integers([0, 1, 1, 2])])
        #expect(try run("a", 1).columns == [.vertices([0, 1, 2]), .integers([0, 1, 1])])
        #expect(try run("d", 0).columns == [.vertices([3]), .integers([0])])
        #expect(throws: AlgorithmError.unknownVertex(algorithm: "BFS", parameter: "ROOT", id: "z")) { try run("z", -1) }
        #expect(throws: AlgorithmError.self) { try run("a", -2) }
        #expect(throws: AlgorithmError.missingParameter(algorithm: "BFS", parameter: "ROOT")) {
            try Running.result(BFS.self, on: chain, ["max_depth": .integer(3)])
        }
        #expect(throws: AlgorithmError.missingParameter(algorithm: "SSSP", parameter: "ROOT")) {
            try Running.result(SSSP.self, on: chain)
        }
    }

    @Test func ssspTakesTheLightestRouteAndNamesANegativeEdge() throws {
        let g = hand([("a", "b", 5), ("a", "c", 1), ("c", "b", 1.5), ("b", "d", 2), ("a", "b", 4)], directed: true)
        let r = try SSSP.run(on: g, parameters: AlgorithmParameters(["ROOT": .text("a")]))
        #expect(r.columns == [.vertices([0, 1, 2, 3]), .reals([0, 2.5, 1, 4.5])])
        let bad = hand([("a", "b", 1), ("b", "c", -2)], directed: false)
        #expect(throws: AlgorithmError.negativeWeight(algorithm: "SSSP", source: "b", destination: "c", weight: -2)) {
            try SSSP.run(on: bad, parameters: AlgorithmParameters(["ROOT": .text("a")]))
        }
        #expect(
            AlgorithmError.negativeWeight(algorithm: "SSSP", source: "b", destination: "c", weight: -2).description
                .contains("b -> c"))
    }

    @Test func shortestPathByHopsOrWeightOrNone() throws {
        func run(_ g: Graph, _ s: String, _ d: String) throws -> AlgorithmResult {
            try ShortestPath.run(on: g, parameters: AlgorithmParameters(["SRC": .text(s), "DST": .text(d)]))
        }
        let hops = try run(chain, "e", "d")
        #expect(hops.columns == [.integers([0, 1, 2, 3]), .vertices([4, 0, 2, 3])])
        #expect(hops.report["found"] == .boolean(true))
        let none = try run(chain, "d", "a")
        #expect(none.rowCount == 0 && none.report["found"] == .boolean(false))
        #expect(try run(chain, "b", "b").columns == [.integers([0]), .vertices([1])])
        let weighted = hand([("a", "d", 10), ("a", "b", 1), ("b", "c", 1), ("c", "d", 1)], directed: false)
        #expect(try run(weighted, "d", "a").columns == [.integers([0, 1, 2, 3]), .vertices([1, 3, 2, 0])])
        #expect(throws: AlgorithmError.unknownVertex(algorithm: "ShortestPath", parameter: "DST", id: "q")) {
            try run(chain, "a", "q")
        }
    }

    /// Roots: the first row's source, and a vertex from the middle of the input.
    static func roots(_ graph: Graph) -> [String] { [graph.ids[0], graph.ids[graph.vertexCount / 2]] }

    @Test func bfsEqualsNetworkx() async throws {
        try await ReferenceComparison.check(BFS.self) { _, g in (["ROOT": .text(Self.roots(g)[0])], nil) }
        for (root, maxDepth) in [(1, -1), (0, 0), (1, 2)] {
            try await ReferenceComparison.check(BFS.self, on: ReferenceComparison.someCases) { _, g in
                (["ROOT": .text(Self.roots(g)[root]), "MAX_DEPTH": .integer(maxDepth)], nil)
            }
        }
    }

    @Test func ssspEqualsNetworkx() async throws {
        try await ReferenceComparison.check(SSSP.self) { _, g in (["ROOT": .text(Self.roots(g)[0])], nil) }
        try await ReferenceComparison.check(SSSP.self, on: ReferenceComparison.someCases) { _, g in
            (["ROOT": .text(Self.roots(g)[1])], nil)
        }
    }

    /// Equally short paths may differ from networkx's: the length must agree and the path must be
    /// one of the graph's (consecutive vertices joined by an edge in the right direction).
    @Test func shortestPathLengthEqualsNetworkxAndThePathIsReal() async throws {
        for (i, c) in Running.cases.enumerated() {
            let rows = RandomGraphs.rows(seed: c.seed, c.shape, directed: c.directed)
            let g = RandomGraphs.graph(rows, directed: c.directed)
            // Every case once, and on a third of them a second pair or a vertex to itself.
            let pairs = [(0, g.vertexCount - 1), (g.vertexCount / 2, 1), (3, 3)]
            for (s, d) in [pairs[0]] + (i % 3 == 0 ? [] : [pairs[i % 3]]) {
                let values: [String: AlgorithmValue] = ["SRC": .text(g.ids[s]), "DST": .text(g.ids[d])]
                let result = try ShortestPath.run(on: g, parameters: AlgorithmParameters(values))
                let reference = try await NetworkxReference.rows(
                    "ShortestPath", parameters: ReferenceComparison.json(values),
                    directed: c.directed, edges: rows)
                let context = "\(c.shape) \(c.directed) \(g.ids[s]) -> \(g.ids[d])"
                #expect(result.report["found"] == .boolean(!reference.isEmpty), "\(context)")
                guard case .vertices(let path) = result.columns[1], let expected = reference.first.flatMap({ Double($0[0]) })
                else {
                    #expect(result.rowCount == 0, "\(context)")
                    continue
                }
                #expect(result.columns[0] == .integers(Array(0..<path.count)))
                #expect(path.first == Int32(s) && path.last == Int32(d), "\(context)")
                var length = 0.0
                for (a, b) in zip(path, path.dropFirst()) {
                    let weights = g.outRange(Int(a)).filter { g.outTargets[$0] == b }.map { g.outWeight($0) }
                    #expect(!weights.isEmpty, "\(context): no edge \(a) -> \(b)")
                    length += weights.min() ?? .infinity
                }
                #expect(abs(length - expected) < 1e-6, "\(context): length \(length), networkx \(expected)")
            }
        }
    }
}
