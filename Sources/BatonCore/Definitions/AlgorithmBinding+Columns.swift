import BatonGraph

extension AlgorithmBinding {
    /// The column names of the rows `algorithm` writes with `params` (SPEC §12's table), nil when
    /// the algorithm or params do not bind or the columns cannot be told without the data.
    public static func columns(algorithm name: String, params: [String: JSON]) -> [String]? {
        guard let binding = try? bind(algorithm: name, params: params) else { return nil }
        return binding.algorithm.columnNames(parameters: binding.parameters)
    }
}
