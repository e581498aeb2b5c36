/// One of Explorer's graph algorithms (SPEC §12's table): its name, its parameters with their
/// defaults, and the computation on a built graph. Pure: no IO, no clocks.
public protocol GraphAlgorithm: Sendable {
    /// Explorer's name, e.g. `PageRank`, `WCC`; matched in any case.
    static var name: String { get }
    /// Explorer's parameter names in upper case, with types and defaults (nil default: required).
    static var parameters: [AlgorithmParameter] { get }
    /// Runs on `graph` with `parameters` already checked against `Self.parameters` (every
    /// declared name present, of its kind). Throws `AlgorithmError` for what only the data can
    /// reveal (an unknown ROOT, a negative weight).
    static func run(on graph: Graph, parameters: AlgorithmParameters) throws -> AlgorithmResult
}
