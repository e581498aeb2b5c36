/// Why an algorithm cannot run. Messages name the algorithm, parameter or edge at fault.
public enum AlgorithmError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No algorithm of that name (any case).
    case unknownAlgorithm(String)
    /// The algorithm declares no such parameter.
    case unknownParameter(algorithm: String, parameter: String)
    /// A required parameter was not given.
    case missingParameter(algorithm: String, parameter: String)
    /// A value that is not of the parameter's kind (or out of its range).
    case invalidParameter(algorithm: String, parameter: String, reason: String)
    /// A vertex id given as a parameter (ROOT, SRC, …) that no edge names.
    case unknownVertex(algorithm: String, parameter: String, id: String)
    /// SSSP and weighted ShortestPath need non-negative weights.
    case negativeWeight(algorithm: String, source: String, destination: String, weight: Double)
    /// An input row that is not `source,destination[,weight]`.
    case badRow(row: Int, reason: String)

    public var description: String {
        switch self {
        case .unknownAlgorithm(let name): return "unknown algorithm '\(name)'"
        case .unknownParameter(let a, let p): return "\(a) has no parameter '\(p)'"
        case .missingParameter(let a, let p): return "\(a) needs parameter \(p)"
        case .invalidParameter(let a, let p, let reason): return "\(a) parameter \(p): \(reason)"
        case .unknownVertex(let a, let p, let id): return "\(a) parameter \(p): no edge names vertex '\(id)'"
        case .negativeWeight(let a, let s, let d, let w):
            return "\(a) needs non-negative weights; edge \(s) -> \(d) has weight \(w)"
        case .badRow(let row, let reason): return "row \(row): \(reason)"
        }
    }
}
