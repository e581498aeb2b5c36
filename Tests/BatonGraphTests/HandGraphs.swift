@testable import BatonGraph

/// The graph `GraphBuilder` makes of literal `(source, destination, weight)` rows.
func hand(_ edges: [(String, String, Double?)], directed: Bool) -> Graph {
    RandomGraphs.graph(edges.map { EdgeRow(source: $0.0, destination: $0.1, weight: $0.2) }, directed: directed)
}
