import Testing
@testable import BatonGraph

@Suite struct GraphBuilderTests {
    private func build(_ rows: [(String, String, Double?)], directed: Bool) -> Graph {
        var builder = GraphBuilder(isDirected: directed)
        for (s, d, w) in rows { builder.addEdge(source: s, destination: d, weight: w) }
        return builder.build()
    }

    private func targets(_ g: Graph, _ v: Int) -> [String] { g.outRange(v).map { g.ids[Int(g.outTargets[$0])] } }
    private func sources(_ g: Graph, _ v: Int) -> [String] { g.inRange(v).map { g.ids[Int(g.inTargets[$0])] } }

    @Test func numbersVerticesInOrderOfFirstAppearanceSourceFirst() {
        let g = build([("b", "a", nil), ("c", "b", nil), ("a", "d", nil)], directed: true)
        #expect(g.ids == ["b", "a", "c", "d"])
        #expect(!g.idsAreIntegers)
        #expect(!g.isWeighted && g.outWeights.isEmpty && g.outWeight(0) == 1)
        #expect(g.edgeCount == 3)
    }

    @Test func directedKeepsMultiEdgesAndSelfLoopsAndTransposes() {
        let g = build([("1", "2", nil), ("1", "2", nil), ("2", "2", nil), ("3", "1", nil), ("2", "3", nil)], directed: true)
        #expect(g.idsAreIntegers)
        #expect(targets(g, 0) == ["2", "2"])
        #expect(targets(g, 1) == ["2", "3"])
        #expect(targets(g, 2) == ["1"])
        #expect(sources(g, 0) == ["3"])
        #expect(sources(g, 1) == ["1", "1", "2"])
        #expect(sources(g, 2) == ["2"])
        #expect(g.outTargets.count == 5 && g.inTargets.count == 5)
    }

    @Test func undirectedStoresEachEdgeBothWaysAndASelfLoopOnce() {
        let g = build([("1", "2", 2.5), ("2", "2", nil), ("2", "3", 4)], directed: false)
        #expect(g.isWeighted)
        #expect(g.edgeCount == 3)
        #expect(targets(g, 0) == ["2"])
        #expect(targets(g, 1) == ["1", "2", "3"])
        #expect(g.outRange(1).map { g.outWeights[$0] } == [2.5, 1, 4])
        #expect(g.inOffsets == g.outOffsets && g.inTargets == g.outTargets && g.inWeights == g.outWeights)
    }

    @Test func weightsAppearingLateBackfillEarlierRowsWithOne() {
        let g = build([("a", "b", nil), ("b", "c", nil), ("c", "a", 3)], directed: true)
        #expect(g.isWeighted)
        #expect(g.outWeights == [1, 1, 3])
        #expect(g.inWeights == [3, 1, 1])
    }

    @Test func integerIdsMeanInt64() {
        #expect(build([("-5", "+7", nil), ("9223372036854775807", "0", nil)], directed: true).idsAreIntegers)
        #expect(!build([("1", "9223372036854775808", nil)], directed: true).idsAreIntegers)
        #expect(!build([("1", "2.0", nil)], directed: true).idsAreIntegers)
    }

    @Test func builderMatchesANaiveAdjacencyOnRandomGraphs() {
        for (seed, shape) in RandomGraphs.shapes.enumerated() {
            for directed in [true, false] {
                let rows = RandomGraphs.rows(seed: UInt64(seed), shape, directed: directed)
                let g = RandomGraphs.graph(rows, directed: directed)
                var out: [String: [String]] = [:]
                var into: [String: [String]] = [:]
                for r in rows {
                    out[r.source, default: []].append(r.destination)
                    into[r.destination, default: []].append(r.source)
                    if !directed && r.source != r.destination {
                        out[r.destination, default: []].append(r.source)
                    }
                }
                #expect(g.edgeCount == rows.count)
                for v in 0..<g.vertexCount {
                    #expect(targets(g, v) == out[g.ids[v], default: []], "\(shape) directed \(directed)")
                    if directed {
                        #expect(sources(g, v).sorted() == into[g.ids[v], default: []].sorted())
                    }
                }
            }
        }
    }
}
