extension Graph {
    /// The vertex number of the id given as parameter `parameter` of `algorithm` (ROOT, SRC, …).
    /// Throws `AlgorithmError.unknownVertex` when no edge names it. O(V): call once per id.
    func vertex(parameter: String, of algorithm: String, id: String) throws -> Int {
        guard let v = vertex(id: id) else {
            throw AlgorithmError.unknownVertex(algorithm: algorithm, parameter: parameter, id: id)
        }
        return v
    }

    /// The first edge with a negative weight, or nil (always nil when the graph is unweighted).
    /// SSSP and weighted ShortestPath check the whole graph before running so that the error does
    /// not depend on which part of it the search happened to reach.
    func negativeWeightError(algorithm: String) -> AlgorithmError? {
        guard isWeighted else { return nil }
        for v in 0 ..< vertexCount {
            for e in outRange(v) where outWeights[e] < 0 {
                return .negativeWeight(algorithm: algorithm, source: ids[v],
                                       destination: ids[Int(outTargets[e])], weight: outWeights[e])
            }
        }
        return nil
    }
}
