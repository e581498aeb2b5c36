extension Graph {
    /// The vertex number of the id given as parameter `parameter` of `algorithm` (ROOT, SRC, …).
    /// Throws `AlgorithmError.unknownVertex` when no edge names it. O(V): call once per id.
    func vertex(parameter: String, of algorithm: String, id: String) throws -> Int {
        guard let v = vertex(id: id) else {
            throw AlgorithmError.unknownVertex(algorithm: algorithm, parameter: parameter, id: id)
        }
        return v
    }
}
