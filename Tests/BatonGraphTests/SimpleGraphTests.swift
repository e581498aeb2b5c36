import Testing
@testable import BatonGraph

@Suite struct SimpleGraphTests {
    /// Lists per vertex, as ids, for readable expectations.
    func lists(_ s: SimpleGraph, _ g: Graph) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for v in 0..<s.vertexCount { out[g.ids[v]] = s.range(v).map { g.ids[Int(s.neighbours[$0])] } }
        return out
    }

    @Test func undirectedReadingDropsLoopsAndMergesRepeatsAndReversePairs() {
        let g = hand(
            [("c", "a", nil), ("a", "c", nil), ("a", "a", nil), ("c", "a", nil), ("b", "c", nil), ("d", "d", nil)],
            directed: true)
        let s = SimpleGraph(g)
        #expect(lists(s, g) == ["c": ["a", "b"], "a": ["c"], "b": ["c"], "d": []])
        #expect(s.entryCount == 4)
        #expect(
            lists(
                SimpleGraph(hand([("c", "a", nil), ("a", "c", nil), ("b", "b", nil), ("b", "a", nil)], directed: false)),
                hand([("c", "a", nil), ("a", "c", nil), ("b", "b", nil), ("b", "a", nil)], directed: false))
                == ["c": ["a"], "a": ["c", "b"], "b": ["a"]])
    }

    @Test func successorsKeepDirectionAndSortEachList() {
        let g = hand([("x", "z", nil), ("x", "y", nil), ("x", "z", nil), ("y", "x", nil), ("z", "z", nil)], directed: true)
        #expect(lists(SimpleGraph(successorsOf: g), g) == ["x": ["z", "y"], "z": [], "y": ["x"]])
    }

    /// Against a naive set-based adjacency on every random shape.
    @Test func equalsNaiveSetsOnRandomGraphs() {
        for c in Running.cases {
            let g = RandomGraphs.graph(RandomGraphs.rows(seed: c.seed, c.shape, directed: c.directed), directed: c.directed)
            var both = [Set<Int32>](repeating: [], count: g.vertexCount)
            var out = both
            for v in 0..<g.vertexCount {
                for e in g.outRange(v) where Int(g.outTargets[e]) != v {
                    both[v].insert(g.outTargets[e])
                    both[Int(g.outTargets[e])].insert(Int32(v))
                    out[v].insert(g.outTargets[e])
                }
            }
            let simple = SimpleGraph(g)
            let successors = SimpleGraph(successorsOf: g)
            for v in 0..<g.vertexCount {
                #expect(Array(simple.neighbours[simple.range(v)]) == both[v].sorted(), "\(c.shape) vertex \(v)")
                #expect(Array(successors.neighbours[successors.range(v)]) == out[v].sorted(), "\(c.shape) vertex \(v)")
            }
        }
    }
}
