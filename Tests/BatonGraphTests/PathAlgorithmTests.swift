import Testing
@testable import BatonGraph

@Suite struct PathAlgorithmTests {
    /// a → b → c → d, a → c, e → a; c → c.
    let chain = hand([("a", "b", nil), ("b", "c", nil), ("c", "d", nil), ("a", "c", nil), ("e", "a", nil), ("c", "c", nil)],
                     directed: true)

    @Test func bfsFollowsDirectionAndStopsAtMaxDepth() throws {
        func run(_ root: String, _ depth: Int) throws -> AlgorithmResult {
            try BFS.run(on: chain, parameters: AlgorithmParameters(["ROOT": .text(root), "MAX_DEPTH": .integer(depth)]))
        }
        #expect(try run("a", -1).columns == [.vertices([0, 1, 2, 3]), .integers([0, 1, 1, 2])])
        #expect(try run("a", 1).columns == [.vertices([0, 1, 2]), .integers([0, 1, 1])])
        #expect(try run("d", 0).columns == [.vertices([3]), .integers([0])])
        #expect(throws: AlgorithmError.unknownVertex(algorithm: "BFS", parameter: "ROOT", id: "z")) { try run("z", -1) }
    }

    @Test func ssspTakesTheLightestRouteAndNamesANegativeEdge() throws {
        let g = hand([("a", "b", 5), ("a", "c", 1), ("c", "b", 1.5), ("b", "d", 2), ("a", "b", 4)], directed: true)
        let r = try SSSP.run(on: g, parameters: AlgorithmParameters(["ROOT": .text("a")]))
        #expect(r.columns == [.vertices([0, 1, 2, 3]), .reals([0, 2.5, 1, 4.5])])
        let bad = hand([("a", "b", 1), ("b", "c", -2)], directed: false)
        #expect(throws: AlgorithmError.negativeWeight(algorithm: "SSSP", source: "b", destination: "c", weight: -2)) {
            try SSSP.run(on: bad, parameters: AlgorithmParameters(["ROOT": .text("a")]))
        }
        #expect(AlgorithmError.negativeWeight(algorithm: "SSSP", source: "b", destination: "c", weight: -2).description
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
}
