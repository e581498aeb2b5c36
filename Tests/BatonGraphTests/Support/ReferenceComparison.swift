import Foundation
import Testing
@testable import BatonGraph

/// Part 2's comparison with networkx: run an algorithm on a random graph and on
/// `reference.py`, then compare row by row.
enum ReferenceComparison {
    /// `given` with every other declared parameter at its default, as `run` expects.
    static func parameters<A: GraphAlgorithm>(_ algorithm: A.Type, _ given: [String: AlgorithmValue]) -> AlgorithmParameters {
        var values = given
        for p in A.parameters where values[p.name] == nil { values[p.name] = p.defaultValue }
        return AlgorithmParameters(values)
    }

    /// A JSON object of `given` plus `extra` (JSON members' text, e.g. `"SOURCES": ["a"]`).
    static func json(_ given: [String: AlgorithmValue], extra: String? = nil) -> String {
        var members = given.sorted { $0.key < $1.key }.map { name, value -> String in
            switch value {
            case .integer(let i): return "\"\(name)\": \(i)"
            case .real(let r): return "\"\(name)\": \(r)"
            case .boolean(let b): return "\"\(name)\": \(b)"
            case .text(let t): return "\"\(name)\": \(jsonString(t))"
            }
        }
        if let extra { members.append(extra) }
        return "{" + members.joined(separator: ", ") + "}"
    }

    static func jsonString(_ text: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [text])
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }

    /// `result`'s rows as text (vertex ids, integers) or nil cells for reals, beside the reals.
    static func cells(_ result: AlgorithmResult, _ graph: Graph) -> [[Cell]] {
        (0 ..< result.rowCount).map { row in
            result.columns.map { column -> Cell in
                switch column {
                case .vertices(let v): return .text(graph.ids[Int(v[row])])
                case .integers(let i): return .text(String(i[row]))
                case .reals(let r): return .real(r[row])
                }
            }
        }
    }

    enum Cell: CustomStringConvertible {
        case text(String)
        case real(Double)

        var description: String {
            switch self {
            case .text(let t): return t
            case .real(let r): return "\(r)"
            }
        }

        /// Text equal, reals within 1e-6 (relative to the magnitude past 1).
        func matches(_ reference: String) -> Bool {
            switch self {
            case .text(let t): return t == reference
            case .real(let r):
                guard let x = Double(reference) else { return false }
                return abs(r - x) <= 1e-6 * max(1, abs(x))
            }
        }
    }

    /// Expects `result` to hold `reference`'s rows, in order.
    static func expectRows(_ result: AlgorithmResult, of graph: Graph, equal reference: [[String]],
                           _ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let mine = cells(result, graph)
        #expect(mine.count == reference.count, "\(context): \(mine.count) rows, networkx \(reference.count)",
                sourceLocation: sourceLocation)
        for (row, (a, b)) in zip(mine, reference).enumerated() {
            let same = a.count == b.count && zip(a, b).allSatisfy { $0.matches($1) }
            #expect(same, "\(context): row \(row) is \(a), networkx \(b)", sourceLocation: sourceLocation)
            if !same { return }
        }
    }

    /// Every shape of `RandomGraphs.shapes`, directed and undirected, with its seed.
    static var cases: [(shape: RandomGraphs.Shape, directed: Bool, seed: UInt64)] {
        RandomGraphs.shapes.enumerated().flatMap { i, shape in
            [true, false].map { (shape, $0, UInt64(100 + 2 * i + ($0 ? 1 : 0))) }
        }
    }

    /// Four of `cases` for parameter variations (each case is one networkx process, ~0.3 s):
    /// weighted and disconnected; weighted, text ids, self-loops and multi-edges; both ways.
    static var someCases: [(shape: RandomGraphs.Shape, directed: Bool, seed: UInt64)] {
        let all = cases
        return [all[4], all[5], all[8], all[9]]
    }

    /// Runs `algorithm` with `given` on `cases` (default: all of them) and compares with
    /// `reference.py`; `given` may depend on the case's rows and graph (e.g. a ROOT taken from them).
    static func check<A: GraphAlgorithm>(
        _ algorithm: A.Type, on cases: [(shape: RandomGraphs.Shape, directed: Bool, seed: UInt64)] = cases,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ given: (_ rows: [EdgeRow], _ graph: Graph) -> (parameters: [String: AlgorithmValue], extra: String?) = { _, _ in ([:], nil) }
    ) throws {
        for c in cases {
            let rows = RandomGraphs.rows(seed: c.seed, c.shape, directed: c.directed)
            let graph = RandomGraphs.graph(rows, directed: c.directed)
            let (values, extra) = given(rows, graph)
            let result = try A.run(on: graph, parameters: parameters(A.self, values))
            let reference = try NetworkxReference.rows(A.name, parameters: json(values, extra: extra),
                                                       directed: c.directed, edges: rows)
            expectRows(result, of: graph, equal: reference,
                       "\(A.name) \(values) on \(c.shape) \(c.directed ? "directed" : "undirected")",
                       sourceLocation: sourceLocation)
        }
    }
}
