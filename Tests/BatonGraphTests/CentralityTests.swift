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
        #expect(throws: AlgorithmError.self) { try closeness(directed, samples: 0) }
    }

    @Test func jaccardOverEveryPairInOrder() throws {
        let g = hand(
            [("a", "b", nil), ("a", "c", nil), ("d", "b", nil), ("d", "c", nil), ("d", "e", nil), ("f", "f", nil)],
            directed: true)
        let r = try Jaccard.run(on: g, parameters: AlgorithmParameters(["IDS1": .text(" a, f"), "IDS2": .text("d ,a,")]))
        #expect(r.columns == [.vertices([0, 0, 5, 5]), .vertices([3, 0, 3, 0]), .reals([2.0 / 3.0, 1, 0, 0])])
        #expect(throws: AlgorithmError.unknownVertex(algorithm: "Jaccard", parameter: "IDS2", id: "x")) {
            try Jaccard.run(on: g, parameters: AlgorithmParameters(["IDS1": .text("a"), "IDS2": .text("b, x")]))
        }
    }

    @Test func exactBetweennessEqualsNetworkx() async throws {
        try await ReferenceComparison.check(Betweenness.self)
    }

    /// The sources drawn for (CHOSEN, SEED) handed to networkx's k-sampling, which must then scale
    /// the same way.
    @Test(arguments: [(1, 0), (5, 7), (25, 3)])
    func sampledBetweennessEqualsNetworkxFromTheSameSources(chosen: Int, seed: Int) async throws {
        try await ReferenceComparison.check(Betweenness.self, on: ReferenceComparison.someCases) { _, g in
            var random = SplitMix64(seed: UInt64(seed))
            let sources = chosen < g.vertexCount ? random.sample(chosen, of: g.vertexCount) : []
            let list = sources.map { ReferenceComparison.jsonString(g.ids[Int($0)]) }.joined(separator: ", ")
            return (["CHOSEN": .integer(chosen), "SEED": .integer(seed)], sources.isEmpty ? nil : "\"SOURCES\": [\(list)]")
        }
    }

    @Test func exactClosenessEqualsNetworkx() async throws {
        try await ReferenceComparison.check(Closeness.self)
    }

    @Test(arguments: [1, 6, 20])
    func sampledClosenessEqualsTheEstimateFromNetworkxDistances(samples: Int) async throws {
        try await ReferenceComparison.check(Closeness.self, on: ReferenceComparison.someCases) { _, g in
            var random = SplitMix64(seed: 0)
            let pivots = samples < g.vertexCount ? random.sample(samples, of: g.vertexCount) : []
            let list = pivots.map { ReferenceComparison.jsonString(g.ids[Int($0)]) }.joined(separator: ", ")
            return (["NUM_SAMPLES": .integer(samples)], pivots.isEmpty ? nil : "\"PIVOTS\": [\(list)]")
        }
    }

    @Test func jaccardEqualsNetworkx() async throws {
        try await ReferenceComparison.check(Jaccard.self) { _, g in
            let n = g.vertexCount
            let first = [0, n / 3, n - 1].map { g.ids[$0] }
            let second = [1, n / 2, n - 2, 0].map { g.ids[$0] }
            return (["IDS1": .text(first.joined(separator: ",")), "IDS2": .text(second.joined(separator: " , "))], nil)
        }
    }
}
