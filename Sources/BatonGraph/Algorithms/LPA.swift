/// Label propagation (Raghavan, Albert, Kumara 2007) made deterministic as SPEC §12 asks:
/// vertices update one at a time in input order to the label most frequent among their
/// neighbours (both directions, multi-edges once each, self-loops left out, weights ignored),
/// ties to the label whose id orders first; stops after ITERATIONS sweeps or a sweep with no
/// change.
///
/// Rows: `VID`, `LABEL` (a vertex of the community) for every vertex. Reports `iterations`
/// (sweeps run). Throws `invalidParameter` for ITERATIONS < 0.
public enum LPA: GraphAlgorithm {
    public static let name = "LPA"
    public static let parameters: [AlgorithmParameter] = [
        AlgorithmParameter("ITERATIONS", .integer, default: .integer(10))
    ]

    public static func run(on graph: Graph, parameters: AlgorithmParameters) throws -> AlgorithmResult {
        let iterations = parameters.integer("ITERATIONS")
        guard iterations >= 0 else {
            throw AlgorithmError.invalidParameter(algorithm: name, parameter: "ITERATIONS", reason: "must be at least 0")
        }
        let propagation = LabelPropagation(graph: graph, iterations: iterations, preference: nil)
        return AlgorithmResult(
            names: ["VID", "LABEL"],
            columns: [.vertices(Array(0..<Int32(graph.vertexCount))), .vertices(propagation.labels)],
            report: ["iterations": .integer(propagation.sweeps)])
    }
}
