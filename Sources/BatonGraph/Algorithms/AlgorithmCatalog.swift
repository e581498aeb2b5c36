/// Every algorithm by Explorer's name, and the check that turns given parameters into the
/// declared, typed ones.
public enum AlgorithmCatalog {
    /// The algorithms of SPEC §12's table.
    public static let all: [any GraphAlgorithm.Type] = [
        PageRank.self, WCC.self, SCC.self, LPA.self, HANP.self, Louvain.self, KCore.self, DegreeCentrality.self,
        TriangleCount.self, ClusteringCoefficient.self, BFS.self, SSSP.self, ShortestPath.self, Betweenness.self,
        Closeness.self, Jaccard.self,
    ]

    /// The algorithm called `name` in any case. Throws `unknownAlgorithm`.
    public static func algorithm(named name: String) throws -> any GraphAlgorithm.Type {
        let wanted = name.lowercased()
        guard let found = all.first(where: { $0.name.lowercased() == wanted }) else {
            throw AlgorithmError.unknownAlgorithm(name)
        }
        return found
    }

    /// `given` checked against `algorithm.parameters`: names match in any case, values are
    /// coerced to the declared kind (an integer from a whole real or decimal text, a real from
    /// an integer or numeric text, text from a number, a boolean from `true`/`false` text in any
    /// case) and missing ones take their defaults.
    /// Throws `unknownParameter`, `missingParameter` (required, not given) or
    /// `invalidParameter` (a value of the wrong kind, or one name given twice in different cases).
    public static func check(algorithm: any GraphAlgorithm.Type, given: [String: AlgorithmValue]) throws -> AlgorithmParameters {
        var values: [String: AlgorithmValue] = [:]
        for (key, value) in given {
            let upper = key.uppercased()
            guard let parameter = algorithm.parameters.first(where: { $0.name.uppercased() == upper }) else {
                throw AlgorithmError.unknownParameter(algorithm: algorithm.name, parameter: key)
            }
            guard values[parameter.name] == nil else {
                throw AlgorithmError.invalidParameter(
                    algorithm: algorithm.name, parameter: parameter.name, reason: "given more than once")
            }
            guard let coerced = coerce(value, to: parameter.kind) else {
                throw AlgorithmError.invalidParameter(
                    algorithm: algorithm.name, parameter: parameter.name,
                    reason: "\(describe(value)) is not \(parameter.kind.article)")
            }
            values[parameter.name] = coerced
        }
        for parameter in algorithm.parameters where values[parameter.name] == nil {
            guard let defaultValue = parameter.defaultValue else {
                throw AlgorithmError.missingParameter(algorithm: algorithm.name, parameter: parameter.name)
            }
            values[parameter.name] = defaultValue
        }
        return AlgorithmParameters(values)
    }

    private static func coerce(_ value: AlgorithmValue, to kind: AlgorithmParameter.Kind) -> AlgorithmValue? {
        switch (kind, value) {
        case (.integer, .integer): return value
        case (.integer, .real(let x)): return whole(x).map(AlgorithmValue.integer)
        case (.integer, .text(let text)):
            let trimmed = text.trimmingSpaces
            if let v = Int(trimmed) { return .integer(v) }
            return Double(trimmed).flatMap(whole).map(AlgorithmValue.integer)
        case (.real, .real(let x)): return x.isFinite ? value : nil
        case (.real, .integer(let v)): return .real(Double(v))
        case (.real, .text(let text)):
            guard let x = Double(text.trimmingSpaces), x.isFinite else { return nil }
            return .real(x)
        case (.text, .text): return value
        case (.text, .integer(let v)): return .text(String(v))
        case (.text, .real(let x)): return .text(whole(x).map { String($0) } ?? String(x))
        case (.boolean, .boolean): return value
        case (.boolean, .text(let text)):
            switch text.trimmingSpaces.lowercased() {
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            default: return nil
            }
        default: return nil
        }
    }

    /// `x` as an integer when it is a whole number within `Int`'s range.
    private static func whole(_ x: Double) -> Int? {
        guard x.isFinite, x.rounded(.towardZero) == x, x >= -0x1p63, x < 0x1p63 else { return nil }
        return Int(x)
    }

    private static func describe(_ value: AlgorithmValue) -> String {
        switch value {
        case .integer(let v): return String(v)
        case .real(let x): return String(x)
        case .text(let text): return "'\(text)'"
        case .boolean(let b): return String(b)
        }
    }
}

extension AlgorithmParameter.Kind {
    fileprivate var article: String {
        switch self {
        case .integer: return "an integer"
        case .real: return "a number"
        case .text: return "a text"
        case .boolean: return "true or false"
        }
    }
}

extension String {
    fileprivate var trimmingSpaces: Substring {
        var text = self[...]
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return text
    }
}
