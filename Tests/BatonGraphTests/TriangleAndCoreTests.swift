import Testing
@testable import BatonGraph

@Suite struct TriangleAndCoreTests {
    /// K4 on 1..4 plus a pendant 5 off 4, a self-loop on 5 and a repeated reverse edge.
    let graph = hand(
        [
            ("1", "2", nil), ("1", "3", nil), ("1", "4", nil), ("2", "3", nil), ("2", "4", nil),
            ("3", "4", nil), ("4", "5", nil), ("5", "5", nil), ("2", "1", nil),
        ], directed: true)

    @Test func coreNumbersFilteredByKminAndKmax() throws {
        let all = try KCore.run(on: graph, parameters: AlgorithmParameters(["KMIN": .integer(1), "KMAX": .integer(1_000_000)]))
        #expect(all.columns == [.vertices([0, 1, 2, 3, 4]), .integers([3, 3, 3, 3, 1])])
        let low = try KCore.run(on: graph, parameters: AlgorithmParameters(["KMIN": .integer(0), "KMAX": .integer(2)]))
        #expect(low.columns == [.vertices([4]), .integers([1])])
    }

    @Test func trianglesCountedListedAndPerVertex() throws {
        func run(_ opt: Int) throws -> AlgorithmResult {
            try TriangleCount.run(on: graph, parameters: AlgorithmParameters(["OPT": .integer(opt)]))
        }
        #expect(try run(1).columns == [.integers([4])])
        #expect(try run(2).columns == [.vertices([0, 1, 2, 3, 4]), .integers([3, 3, 3, 3, 0])])
        #expect(try run(3).columns == [.vertices([0, 0, 0, 1]), .vertices([1, 1, 2, 2]), .vertices([2, 3, 3, 3])])
        #expect(throws: AlgorithmError.self) { try run(4) }
    }

    @Test func localAndGlobalClustering() throws {
        let local = try ClusteringCoefficient.run(on: graph, parameters: AlgorithmParameters(["TYPE": .text("LOCAL")]))
        #expect(local.columns == [.vertices([0, 1, 2, 3, 4]), .reals([1, 1, 1, 0.5, 0])])
        let global = try ClusteringCoefficient.run(on: graph, parameters: AlgorithmParameters(["TYPE": .text("global")]))
        // 4 triangles; connected triples: 3 at each of three degree-3 vertices, 6 at the degree-4 one.
        #expect(global.columns == [.reals([12.0 / 15.0])])
        #expect(throws: AlgorithmError.self) {
            try ClusteringCoefficient.run(on: graph, parameters: AlgorithmParameters(["TYPE": .text("average")]))
        }
    }

    @Test func coreNumbersEqualNetworkx() async throws {
        try await ReferenceComparison.check(KCore.self)
        for (kmin, kmax) in [(2, 3), (0, 1)] {
            try await ReferenceComparison.check(KCore.self, on: ReferenceComparison.someCases) { _, _ in
                (["KMIN": .integer(kmin), "KMAX": .integer(kmax)], nil)
            }
        }
    }

    @Test func trianglesEqualNetworkx() async throws {
        try await ReferenceComparison.check(TriangleCount.self)
        for opt in [1, 3] {
            try await ReferenceComparison.check(TriangleCount.self, on: ReferenceComparison.someCases) { _, _ in
                (["OPT": .integer(opt)], nil)
            }
        }
    }

    @Test(arguments: ["local", "global"])
    func clusteringEqualsNetworkx(type: String) async throws {
        try await ReferenceComparison.check(ClusteringCoefficient.self) { _, _ in (["TYPE": .text(type)], nil) }
    }
}
