import Testing
@testable import BatonGraph

@Suite struct PageRankTests {
    /// 1 → 2 → 3 → 1 and 4 → 1: nothing links to 4.
    private let graph = RandomGraphs.graph(
        [("1", "2"), ("2", "3"), ("3", "1"), ("4", "1")].map { EdgeRow(source: $0, destination: $1) }, directed: true)

    @Test func oneRoundByHand() throws {
        // PR'(1) = 0.15 + 0.85 · (PR(3)/1 + PR(4)/1) = 1.85; 2 and 3 get 0.15 + 0.85 · 1; 4 gets 0.15.
        let result = try Running.result(PageRank.self, on: graph, ["ITERATIONS": .integer(1)])
        #expect(
            Running.rows(result, in: graph) == [["1", "1.850000"], ["2", "1.000000"], ["3", "1.000000"], ["4", "0.150000"]])
        #expect(result.report["iterations"] == .integer(1))
    }

    @Test func aVertexNothingLinksToShowsOneMinusDamping() throws {
        let result = try Running.result(PageRank.self, on: graph)
        #expect(Running.rows(result, in: graph)[3] == ["4", "0.150000"])
        #expect(result.report["iterations"] == .integer(10))
    }

    @Test func stopsOnceNoValueMovesMoreThanEps() throws {
        // A 2-cycle is already at its fixed point 1.0: the first round moves nothing.
        let cycle = RandomGraphs.graph(
            [EdgeRow(source: "a", destination: "b"), EdgeRow(source: "b", destination: "a")], directed: true)
        let result = try Running.result(PageRank.self, on: cycle)
        #expect(result.report["iterations"] == .integer(1))
        #expect(result.columns[1] == .reals([1, 1]))
    }

    @Test(arguments: Running.cases.map { $0.seed })
    func matchesTheFormulaOnNetworkxGraphs(seed: UInt64) async throws {
        let (_, shape, directed) = Running.cases.first { $0.seed == seed }!
        let rows = RandomGraphs.rows(seed: seed, shape, directed: directed)
        let graph = RandomGraphs.graph(rows, directed: directed)
        for params in [[String: AlgorithmValue](), ["ITERATIONS": .integer(40), "DAMPING": .real(0.7), "EPS": .real(1e-9)]] {
            let result = try Running.result(PageRank.self, on: graph, params)
            let json = "{" + params.map { "\"\($0.key)\": \(Self.json($0.value))" }.joined(separator: ", ") + "}"
            let expected = try await NetworkxReference.rows("PageRank", parameters: json, directed: directed, edges: rows)
            guard case .reals(let values) = result.columns[1] else {
                Issue.record("VALUE is not real")
                return
            }
            #expect(expected.map { $0[0] } == graph.ids)
            for (v, row) in expected.enumerated() {
                #expect(abs(values[v] - Double(row[1])!) <= 1e-6, "\(shape) directed \(directed) vertex \(row[0])")
            }
        }
    }

    private static func json(_ value: AlgorithmValue) -> String {
        switch value {
        case .integer(let v): return String(v)
        case .real(let x): return String(x)
        case .text(let t): return "\"\(t)\""
        case .boolean(let b): return String(b)
        }
    }
}
