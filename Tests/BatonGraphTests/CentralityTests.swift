import Testing
@testable import BatonGraph

@Suite struct CentralityTests {
    func betweenness(_ g: Graph, chosen: Int = -1) throws -> [Double] {
        let r = try Betweenness.run(on: g, parameters: AlgorithmParameters(["CHOSEN": .integer(chosen), "SEED": .integer(0)]))
        guard case .reals(let v) = r.columns[1] else { return [] }
        return v
    }

    func closeness(_ g: Graph, samples: Int = -1) throws -> [Double] {
        let r = try Closeness.run(on: g, parameters: AlgorithmParameters(["NUM_SAMPLES": .integer(samples)]))
        guard case .reals(let v) = r.columns[1] else { return [] }
        return v
    }

    @Test func betweennessOnAPathHalvedWhenUndirected() throws {
        let edges: [(String, String, Double?)] = [("a", "b", nil), ("b", "c", nil), ("b", "c", nil), ("c", "d", nil)]
        #expect(try betweenness(hand(edges, directed: true)) == [0, 2, 2, 0])
        #expect(try betweenness(hand(edges, directed: false)) == [0, 2, 2, 0])
        // Two equal routes a → {b, c} → d share the path a → d.
        let diamond = hand([("a", "b", nil), ("a", "c", nil), ("b", "d", nil), ("c", "d", nil)], directed: true)
        #expect(try betweenness(diamond) == [0, 0.5, 0.5, 0])
        #expect(try betweenness(diamond, chosen: 10) == [0, 0.5, 0.5, 0])
        #expect(throws: AlgorithmError.self) { try betweenness(diamond, chosen: 0) }
    }

    @Test func closenessUsesIncomingDistancesWithWassermanFaust() throws {
        let path = hand([("a", "b", nil), ("b", "c", nil)], directed: false)
        #expect(try closeness(path) == [2.0 / 3.0, 1, 2.0 / 3.0])
        // a → b → c: only a reaches b (r − 1 = 1, Σd = 1), a and b reach c (2, 3).
        let directed = hand([("a", "b", nil), ("b", "c", nil)], directed: true)
        #expect(try closeness(directed) == [0, 0.5, 2.0 / 3.0])
        #expect(try closeness(directed, samples: 3) == closeness(directed))
    }

    @Test func jaccardOverEveryPairInOrder() throws {
        let g = hand([("a", "b", nil), ("a", "c", nil), ("d", "b", nil), ("d", "c", nil), ("d", "e", nil), ("f", "f", nil)],
                     directed: true)
        let r = try Jaccard.run(on: g, parameters: AlgorithmParameters(["IDS1": .text(" a, f"), "IDS2": .text("d ,a,")]))
        #expect(r.columns == [.vertices([0, 0, 5, 5]), .vertices([3, 0, 3, 0]), .reals([2.0 / 3.0, 1, 0, 0])])
        #expect(throws: AlgorithmError.unknownVertex(algorithm: "Jaccard", parameter: "IDS2", id: "x")) {
            try Jaccard.run(on: g, parameters: AlgorithmParameters(["IDS1": .text("a"), "IDS2": .text("b, x")]))
        }
    }
}
