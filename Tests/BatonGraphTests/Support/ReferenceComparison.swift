import Foundation
import Testing
@testable import BatonGraph

/// Part 2's comparison with networkx: run an algorithm as a task does (`Running`) on a random
/// graph and `reference.py` on the same rows, then compare the printed rows.
enum ReferenceComparison {
    typealias Case = (seed: UInt64, shape: RandomGraphs.Shape, directed: Bool)

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

    /// `text` as a JSON string literal.
    static func jsonString(_ text: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [text])
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }

    /// Equal text, or numbers within 1e-6 (relative past magnitude 1): the printed reals carry 6
    /// digits after the point, networkx's full precision.
    static func same(_ printed: String, _ reference: String) -> Bool {
        if printed == reference { return true }
        guard let x = Double(printed), let y = Double(reference) else { return false }
        return abs(x - y) <= 1e-6 * max(1, abs(y))
    }

    /// Expects `result`'s printed rows to be `reference`'s, in order.
    static func expectRows(
        _ result: AlgorithmResult, of graph: Graph, equal reference: [[String]],
        _ context: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let mine = Running.rows(result, in: graph)
        #expect(
            mine.count == reference.count, "\(context): \(mine.count) rows, networkx \(reference.count)",
            sourceLocation: sourceLocation)
        for (row, (a, b)) in zip(mine, reference).enumerated() {
            let equal = a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
            #expect(equal, "\(context): row \(row) is \(a), networkx \(b)", sourceLocation: sourceLocation)
            if !equal { return }
        }
    }

    /// Four of `Running.cases` for parameter variations (each case is one networkx process,
    /// ~0.3 s): weighted and disconnected; weighted, text ids, self-loops and multi-edges; both ways.
    static var someCases: [Case] {
        let all = Running.cases
        return [all[4], all[5], all[8], all[9]]
    }

    /// Runs `algorithm` with `given` on `cases` (default: all of `Running.cases`) and compares with
    /// `reference.py`; `given` may depend on the case's rows and graph (e.g. a ROOT taken from
    /// them) and add JSON members only the reference reads.
    static func check<A: GraphAlgorithm>(
        _ algorithm: A.Type, on cases: [Case] = Running.cases, sourceLocation: SourceLocation = #_sourceLocation,
        _ given: (_ rows: [EdgeRow], _ graph: Graph) -> (parameters: [String: AlgorithmValue], extra: String?) = { _, _ in
            ([:], nil)
        }
    ) async throws {
        for c in cases {
            let rows = RandomGraphs.rows(seed: c.seed, c.shape, directed: c.directed)
            let graph = RandomGraphs.graph(rows, directed: c.directed)
            let (values, extra) = given(rows, graph)
            let result = try Running.result(A.self, on: graph, values)
            let reference = try await NetworkxReference.rows(
                A.name, parameters: json(values, extra: extra),
                directed: c.directed, edges: rows)
            expectRows(
                result, of: graph, equal: reference,
                "\(A.name) \(values) on \(c.shape) \(c.directed ? "directed" : "undirected")",
                sourceLocation: sourceLocation)
        }
    }
}
