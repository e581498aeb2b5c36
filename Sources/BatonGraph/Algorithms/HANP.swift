/// Label propagation with hop attenuation and node preference (Leung, Hui, Liò, Crowcroft 2009,
/// "Towards real-time community detection in large networks", Phys. Rev. E 79, 066107).
///
/// Every vertex starts with itself as label and score s = 1. Vertices update one at a time in
/// input order: each label l scores Σ over neighbours u labelled l of s(u) · deg(u)^PREFERENCE
/// (neighbours in both directions, multi-edges once each, self-loops left out; deg counts the
/// same neighbours; weights ignored as SPEC §12's conventions say); the best label wins, ties to
/// the label whose id orders first, and the vertex's score becomes the highest s(u) among the
/// neighbours with that label minus HOP_ATT (the paper's s'(v) = max s(u) − δ), so a label
/// weakens with each hop. Stops after ITERATIONS sweeps or a sweep in which no label changed.
///
/// Rows: `VID`, `LABEL` for every vertex. Reports `iterations` (sweeps run).
/// Throws `invalidParameter` for ITERATIONS < 0 or HOP_ATT outside 0...1.
public enum HANP: GraphAlgorithm {
    public static let name = "HANP"
    public static let parameters: [AlgorithmParameter] = [
        AlgorithmParameter("ITERATIONS", .integer, default: .integer(10)),
        AlgorithmParameter("PREFERENCE", .real, default: .real(1.0)),
        AlgorithmParameter("HOP_ATT", .real, default: .real(0.1)),
    ]

    public static func run(on graph: Graph, parameters: AlgorithmParameters) throws -> AlgorithmResult {
        let iterations = parameters.integer("ITERATIONS")
        let hopAttenuation = parameters.real("HOP_ATT")
        guard iterations >= 0 else {
            throw AlgorithmError.invalidParameter(algorithm: name, parameter: "ITERATIONS", reason: "must be at least 0")
        }
        guard (0...1).contains(hopAttenuation) else {
            throw AlgorithmError.invalidParameter(algorithm: name, parameter: "HOP_ATT", reason: "must be between 0 and 1")
        }
        let propagation = LabelPropagation(
            graph: graph, iterations: iterations,
            preference: .init(exponent: parameters.real("PREFERENCE"), hopAttenuation: hopAttenuation))
        return AlgorithmResult(
            names: ["VID", "LABEL"],
            columns: [.vertices(Array(0..<Int32(graph.vertexCount))), .vertices(propagation.labels)],
            report: ["iterations": .integer(propagation.sweeps)])
    }
}
