import Testing
@testable import BatonGraph

@Suite struct ComponentTests {
    @Test func labelsAreTheSmallestIdAsIntegersOrAsText() throws {
        let rows = [("10", "9"), ("9", "100"), ("5", "6")].map { EdgeRow(source: $0, destination: $1) }
        let numeric = RandomGraphs.graph(rows, directed: true)
        #expect(
            Running.labels(try Running.result(WCC.self, on: numeric), in: numeric) == [
                "10": "9", "9": "9", "100": "9", "5": "5", "6": "5",
            ])
        let text = RandomGraphs.graph(rows + [EdgeRow(source: "x", destination: "5")], directed: true)
        #expect(Running.labels(try Running.result(WCC.self, on: text), in: text)["9"] == "10")
    }

    @Test func sccOfADirectedCycleWithATail() throws {
        let rows = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e"), ("e", "d")].map {
            EdgeRow(source: $0, destination: $1)
        }
        let graph = RandomGraphs.graph(rows, directed: true)
        let result = try Running.result(SCC.self, on: graph)
        #expect(Running.labels(result, in: graph) == ["a": "a", "b": "a", "c": "a", "d": "d", "e": "d"])
        #expect(result.report["components"] == .integer(2))
    }

    @Test func sccOnALongPathNeedsNoRecursion() throws {
        // 10^6 vertices in one path and one cycle: a recursive Tarjan would overflow the stack.
        var builder = GraphBuilder(isDirected: true)
        let n = 1_000_000
        for i in 0..<n { builder.addEdge(source: String(i), destination: String((i + 1) % n), weight: nil) }
        let graph = builder.build()
        let result = try Running.result(SCC.self, on: graph)
        #expect(result.report["components"] == .integer(1))
        #expect(result.columns[1] == .vertices([Int32](repeating: 0, count: n)))
    }

    @Test(arguments: Running.cases.map { $0.seed })
    func matchNetworkx(seed: UInt64) async throws {
        let (_, shape, directed) = Running.cases.first { $0.seed == seed }!
        let rows = RandomGraphs.rows(seed: seed, shape, directed: directed)
        let graph = RandomGraphs.graph(rows, directed: directed)
        for (algorithm, name) in [(WCC.self as any GraphAlgorithm.Type, "WCC"), (SCC.self, "SCC")] {
            let expected = try await NetworkxReference.rows(name, directed: directed, edges: rows)
            #expect(
                Running.rows(try Running.result(algorithm, on: graph), in: graph) == expected,
                "\(name) \(shape) directed \(directed)")
        }
    }
}
