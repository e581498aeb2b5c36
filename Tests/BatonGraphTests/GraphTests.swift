import Testing
@testable import BatonGraph

@Suite struct GraphTests {
    @Test func labelsCompareAsIntegersOnlyWhenEveryIdIsOne() {
        func graph(_ ids: [String], integers: Bool) -> Graph {
            Graph(
                ids: ids, idsAreIntegers: integers, isDirected: true, isWeighted: false, edgeCount: 0,
                outOffsets: Array(repeating: 0, count: ids.count + 1), outTargets: [], outWeights: [],
                inOffsets: Array(repeating: 0, count: ids.count + 1), inTargets: [], inWeights: [])
        }
        #expect(graph(["10", "9"], integers: true).idPrecedes(1, 0))
        #expect(graph(["10", "9"], integers: false).idPrecedes(0, 1))
    }
}
