import Testing
@testable import BatonGraph

@Suite struct DegreeCentralityTests {
    @Test func selfLoopsCountTwiceAndMultiEdgesEachTime() throws {
        let rows = [("a", "b"), ("a", "b"), ("b", "b")].map { EdgeRow(source: $0, destination: $1) }
        let directed = RandomGraphs.graph(rows, directed: true)
        #expect(
            Running.rows(try Running.result(DegreeCentrality.self, on: directed), in: directed)
                == [["a", "2", "2", "0"], ["b", "4", "1", "3"]])
        let undirected = RandomGraphs.graph(rows, directed: false)
        #expect(
            Running.rows(try Running.result(DegreeCentrality.self, on: undirected), in: undirected)
                == [["a", "2", "2", "2"], ["b", "4", "4", "4"]])
    }

    @Test(arguments: Running.cases.map { $0.seed })
    func matchesNetworkx(seed: UInt64) async throws {
        let (_, shape, directed) = Running.cases.first { $0.seed == seed }!
        let rows = RandomGraphs.rows(seed: seed, shape, directed: directed)
        let graph = RandomGraphs.graph(rows, directed: directed)
        let expected = try await NetworkxReference.rows("DegreeCentrality", directed: directed, edges: rows)
        #expect(
            Running.rows(try Running.result(DegreeCentrality.self, on: graph), in: graph) == expected,
            "\(shape) directed \(directed)")
    }
}
