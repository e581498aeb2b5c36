import Testing
@testable import BatonGraph

@Suite struct CellTests {
    @Test func realsPrintWithSixDigitsAfterThePoint() {
        let cases: [(Double, String)] = [
            (0.15, "0.150000"), (0.15000000000000002, "0.150000"), (1, "1.000000"), (0, "0.000000"),
            (-0.0, "0.000000"), (-1e-9, "0.000000"), (-2.5, "-2.500000"), (0.0000005, "0.000001"),
            (0.9999996, "1.000000"), (-0.9999996, "-1.000000"), (123456789.123456, "123456789.123456"),
            (1e20, "100000000000000000000.000000"), (-1e19, "-10000000000000000000.000000"),
            (.nan, "nan"), (.infinity, "inf"), (-.infinity, "-inf"),
        ]
        for (value, text) in cases { #expect(AlgorithmResult.fixed6(value) == text, "\(value)") }
    }

    @Test func verticesPrintAsIdsAndIntegersAsIntegers() {
        let graph = RandomGraphs.graph([EdgeRow(source: "x", destination: "42")], directed: true)
        let result = AlgorithmResult(
            names: ["VID", "COUNT", "VALUE"], columns: [.vertices([1, 0]), .integers([-3, 7]), .reals([0.5, 2])])
        #expect(Running.rows(result, in: graph) == [["42", "-3", "0.500000"], ["x", "7", "2.000000"]])
    }
}
