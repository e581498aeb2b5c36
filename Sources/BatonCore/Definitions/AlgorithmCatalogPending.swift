import BatonGraph

/// Stand-in until BatonGraph's `AlgorithmCatalog` is merged (branch graph-g1): knows no
/// algorithm, so every `algorithm:` task is a load error. Deleted by that merge.
enum AlgorithmCatalog {
    static let all: [any GraphAlgorithm.Type] = []

    static func algorithm(named name: String) throws -> any GraphAlgorithm.Type {
        throw AlgorithmError.unknownAlgorithm(name)
    }

    static func check(algorithm: any GraphAlgorithm.Type, given: [String: AlgorithmValue]) throws -> AlgorithmParameters {
        AlgorithmParameters(given)
    }
}
