extension GraphAlgorithm {
    /// The names of the columns this algorithm's rows carry for `parameters` (e.g. `VID, VALUE`),
    /// so a reader can name the stored rows, which have no header. Some algorithms' columns depend
    /// on a parameter (TriangleCount's OPT, ClusteringCoefficient's TYPE), so the names come
    /// from a run on a one-edge graph rather than from a second table to keep in step with `run`.
    /// Nil when that run throws (a ROOT that names no vertex of the probe graph).
    public static func columnNames(parameters: AlgorithmParameters) -> [String]? {
        var builder = GraphBuilder(isDirected: true)
        builder.addEdge(source: "1", destination: "2", weight: nil)
        let probe = builder.build()
        return (try? run(on: probe, parameters: parameters))?.names
    }
}
