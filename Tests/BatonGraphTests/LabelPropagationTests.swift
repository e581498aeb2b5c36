import Testing
@testable import BatonGraph

@Suite struct LabelPropagationTests {
    private static let algorithms: [(any GraphAlgorithm.Type, String)] = [(LPA.self, "LPA"), (HANP.self, "HANP")]

    /// Two 4-cliques {1,2,3,4} and {5,6,7,8} with no edge between them, ids scrambled in input order.
    private let cliques: [EdgeRow] = {
        let groups = [["4", "2", "3", "1"], ["8", "5", "7", "6"]]
        return groups.flatMap { ids in
            ids.indices.flatMap { i in ids.indices.filter { $0 > i }.map { EdgeRow(source: ids[i], destination: ids[$0]) } }
        }
    }()

    @Test(arguments: [true, false])
    func twoDisconnectedCliquesGetTwoLabels(directed: Bool) throws {
        let graph = RandomGraphs.graph(cliques, directed: directed)
        for (algorithm, _) in Self.algorithms {
            let labels = Running.labels(try Running.result(algorithm, on: graph), in: graph)
            #expect(Set(labels.values).count == 2)
            #expect(Set(["1", "2", "3", "4"].map { labels[$0]! }).count == 1)
            #expect(Set(["5", "6", "7", "8"].map { labels[$0]! }).count == 1)
        }
    }

    @Test func rerunsAgree() throws {
        for (seed, shape, directed) in Running.cases {
            let graph = RandomGraphs.graph(RandomGraphs.rows(seed: seed, shape, directed: directed), directed: directed)
            for (algorithm, _) in Self.algorithms {
                let first = try Running.result(algorithm, on: graph)
                #expect(try Running.result(algorithm, on: graph).columns == first.columns, "\(algorithm.name) \(shape)")
            }
        }
    }

    @Test func iterationsZeroLeavesEveryVertexItsOwnLabel() throws {
        let graph = RandomGraphs.graph(cliques, directed: true)
        let result = try Running.result(LPA.self, on: graph, ["ITERATIONS": .integer(0)])
        #expect(result.columns[1] == .vertices(Array(0..<8)))
        #expect(result.report["iterations"] == .integer(0))
    }

    @Test(arguments: Running.cases.map { $0.seed })
    func matchTheDeterministicRuleComputedInPython(seed: UInt64) async throws {
        let (_, shape, directed) = Running.cases.first { $0.seed == seed }!
        let rows = RandomGraphs.rows(seed: seed, shape, directed: directed)
        let graph = RandomGraphs.graph(rows, directed: directed)
        let variants: [(any GraphAlgorithm.Type, String, [String: AlgorithmValue], String)] = [
            (LPA.self, "LPA", [:], "{}"),
            (LPA.self, "LPA", ["ITERATIONS": .integer(3)], "{\"ITERATIONS\": 3}"),
            (HANP.self, "HANP", [:], "{}"),
            (
                HANP.self, "HANP", ["PREFERENCE": .real(-0.5), "HOP_ATT": .real(0.25), "ITERATIONS": .integer(20)],
                "{\"PREFERENCE\": -0.5, \"HOP_ATT\": 0.25, \"ITERATIONS\": 20}"
            ),
        ]
        for (algorithm, name, given, json) in variants {
            let expected = try await NetworkxReference.rows(name, parameters: json, directed: directed, edges: rows)
            #expect(
                Running.rows(try Running.result(algorithm, on: graph, given), in: graph) == expected,
                "\(name) \(json) \(shape) directed \(directed)")
        }
    }
}
