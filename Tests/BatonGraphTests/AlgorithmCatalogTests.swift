import Testing
@testable import BatonGraph

@Suite struct AlgorithmCatalogTests {
    @Test func findsAlgorithmsInAnyCase() throws {
        #expect(try AlgorithmCatalog.algorithm(named: "pagerank") == PageRank.self)
        #expect(try AlgorithmCatalog.algorithm(named: "LOUVAIN") == Louvain.self)
        #expect(try AlgorithmCatalog.algorithm(named: "degreeCentrality") == DegreeCentrality.self)
        #expect(throws: AlgorithmError.unknownAlgorithm("PageRanks")) { try AlgorithmCatalog.algorithm(named: "PageRanks") }
    }

    @Test func namesAreUniqueAndParametersUpperCase() {
        let names = AlgorithmCatalog.all.map { $0.name.lowercased() }
        #expect(Set(names).count == names.count)
        for algorithm in AlgorithmCatalog.all {
            #expect(algorithm.parameters.allSatisfy { $0.name == $0.name.uppercased() }, "\(algorithm.name)")
        }
    }

    @Test func fillsDefaults() throws {
        #expect(
            try AlgorithmCatalog.check(algorithm: PageRank.self, given: [:])
                == AlgorithmParameters(["ITERATIONS": .integer(10), "EPS": .real(0.0001), "DAMPING": .real(0.85)]))
        #expect(try AlgorithmCatalog.check(algorithm: WCC.self, given: [:]) == AlgorithmParameters([:]))
    }

    @Test func matchesNamesInAnyCaseAndCoercesValues() throws {
        let checked = try AlgorithmCatalog.check(
            algorithm: HANP.self, given: ["iterations": .text(" 20 "), "Preference": .integer(2), "hop_att": .text("0.5")])
        #expect(checked == AlgorithmParameters(["ITERATIONS": .integer(20), "PREFERENCE": .real(2), "HOP_ATT": .real(0.5)]))
        #expect(try AlgorithmCatalog.check(algorithm: LPA.self, given: ["ITERATIONS": .real(7)]).integer("ITERATIONS") == 7)
        #expect(try AlgorithmCatalog.check(algorithm: LPA.self, given: ["ITERATIONS": .text("7.0")]).integer("ITERATIONS") == 7)
    }

    @Test func coercesTextAndBooleanKinds() throws {
        enum Probe: GraphAlgorithm {
            static let name = "Probe"
            static let parameters = [
                AlgorithmParameter("ROOT", .text, default: nil), AlgorithmParameter("FLAG", .boolean, default: .boolean(false)),
            ]
            static func run(on graph: Graph, parameters: AlgorithmParameters) throws -> AlgorithmResult {
                AlgorithmResult(names: [], columns: [])
            }
        }
        #expect(
            try AlgorithmCatalog.check(algorithm: Probe.self, given: ["root": .integer(5), "flag": .text("TRUE")])
                == AlgorithmParameters(["ROOT": .text("5"), "FLAG": .boolean(true)]))
        #expect(try AlgorithmCatalog.check(algorithm: Probe.self, given: ["ROOT": .real(5)]).text("ROOT") == "5")
        #expect(try AlgorithmCatalog.check(algorithm: Probe.self, given: ["ROOT": .real(2.5)]).text("ROOT") == "2.5")
        #expect(throws: AlgorithmError.missingParameter(algorithm: "Probe", parameter: "ROOT")) {
            try AlgorithmCatalog.check(algorithm: Probe.self, given: ["FLAG": .boolean(true)])
        }
        #expect(
            throws: AlgorithmError.invalidParameter(algorithm: "Probe", parameter: "FLAG", reason: "'yes' is not true or false")
        ) {
            try AlgorithmCatalog.check(algorithm: Probe.self, given: ["ROOT": .text("a"), "FLAG": .text("yes")])
        }
    }

    @Test func rejectsUnknownNamesAndWrongKinds() {
        #expect(throws: AlgorithmError.unknownParameter(algorithm: "PageRank", parameter: "is_directed")) {
            try AlgorithmCatalog.check(algorithm: PageRank.self, given: ["is_directed": .boolean(false)])
        }
        #expect(
            throws: AlgorithmError.invalidParameter(
                algorithm: "PageRank", parameter: "ITERATIONS", reason: "2.5 is not an integer")
        ) {
            try AlgorithmCatalog.check(algorithm: PageRank.self, given: ["ITERATIONS": .real(2.5)])
        }
        #expect(
            throws: AlgorithmError.invalidParameter(
                algorithm: "PageRank", parameter: "ITERATIONS", reason: "'ten' is not an integer")
        ) {
            try AlgorithmCatalog.check(algorithm: PageRank.self, given: ["ITERATIONS": .text("ten")])
        }
        #expect(
            throws: AlgorithmError.invalidParameter(algorithm: "PageRank", parameter: "DAMPING", reason: "true is not a number")
        ) {
            try AlgorithmCatalog.check(algorithm: PageRank.self, given: ["DAMPING": .boolean(true)])
        }
        #expect(throws: AlgorithmError.invalidParameter(algorithm: "PageRank", parameter: "EPS", reason: "given more than once"))
        {
            try AlgorithmCatalog.check(algorithm: PageRank.self, given: ["EPS": .real(1), "eps": .real(2)])
        }
    }

    @Test func algorithmsRejectOutOfRangeValues() throws {
        let graph = RandomGraphs.graph([EdgeRow(source: "a", destination: "b")], directed: true)
        #expect(throws: AlgorithmError.self) { try Running.result(PageRank.self, on: graph, ["DAMPING": .real(1.5)]) }
        #expect(throws: AlgorithmError.self) { try Running.result(LPA.self, on: graph, ["ITERATIONS": .integer(-1)]) }
        #expect(throws: AlgorithmError.self) { try Running.result(Louvain.self, on: graph, ["INNER_ITERATION": .integer(-1)]) }
    }
}
