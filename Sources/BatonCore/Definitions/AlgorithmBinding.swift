import BatonGraph

/// Binds an `algorithm` task's params (JSON values under any-case names, as YAML and `input`
/// give them) to BatonGraph's checked parameters (SPEC §12). `IS_DIRECTED` (default true)
/// belongs to the task kind, not to the algorithms: it decides the graph's direction.
public enum AlgorithmBinding {
    /// The task kind's own parameter.
    public static let isDirectedName = "IS_DIRECTED"

    /// Explorer's algorithm names, as the catalog spells them.
    public static var names: [String] { AlgorithmCatalog.all.map { $0.name } }

    /// The catalog's spelling of `name` (matched in any case), nil when there is no such algorithm.
    public static func canonicalName(_ name: String) -> String? {
        (try? AlgorithmCatalog.algorithm(named: name))?.name
    }

    /// What a run needs: the algorithm, its checked parameters and the graph's direction.
    public struct Binding: Sendable {
        public let algorithm: any GraphAlgorithm.Type
        public let parameters: AlgorithmParameters
        public let isDirected: Bool
    }

    /// Checks `params` against the algorithm's declaration (names in any case, values coerced,
    /// defaults filled). Throws `AlgorithmError` (unknown algorithm or parameter, missing or
    /// invalid value).
    public static func bind(algorithm name: String, params: [String: JSON]) throws -> Binding {
        let algorithm = try AlgorithmCatalog.algorithm(named: name)
        var isDirected = true
        var given: [String: AlgorithmValue] = [:]
        for (key, value) in params {
            if key.uppercased() == isDirectedName {
                guard let flag = boolean(value) else {
                    throw AlgorithmError.invalidParameter(
                        algorithm: algorithm.name, parameter: isDirectedName,
                        reason: "\(value.jsonText) is not true or false")
                }
                isDirected = flag
                continue
            }
            given[key] = try algorithmValue(value, algorithm: algorithm.name, parameter: key)
        }
        let parameters = try AlgorithmCatalog.check(algorithm: algorithm, given: given)
        return Binding(algorithm: algorithm, parameters: parameters, isDirected: isDirected)
    }

    /// `params` checked and completed: every declared parameter under Explorer's upper-case name
    /// with its checked value (defaults included), plus `IS_DIRECTED`. Throws like `bind`.
    public static func normalize(algorithm name: String, params: [String: JSON]) throws -> [String: JSON] {
        let binding = try bind(algorithm: name, params: params)
        var result: [String: JSON] = [isDirectedName: .bool(binding.isDirected)]
        for (key, value) in binding.parameters.values { result[key] = json(value) }
        return result
    }

    /// `params` with `overrides` applied, names compared in any case (the override's spelling
    /// replaces the old one), so that `iterations` overrides `ITERATIONS`.
    public static func override(_ params: [String: JSON], with overrides: [String: JSON]) -> [String: JSON] {
        var result = params
        for (key, value) in overrides {
            let upper = key.uppercased()
            for existing in result.keys where existing.uppercased() == upper { result.removeValue(forKey: existing) }
            result[key] = value
        }
        return result
    }

    /// The name `key` has among `params`, compared in any case; nil when none matches.
    public static func declaredName(_ key: String, in params: [String: JSON]) -> String? {
        let upper = key.uppercased()
        return params.keys.first { $0.uppercased() == upper }
    }

    /// The definition field an `AlgorithmError` is about: `params.NAME`, or `algorithm`.
    static func field(of error: any Error) -> String {
        switch error as? AlgorithmError {
        case .unknownParameter(_, let parameter)?, .missingParameter(_, let parameter)?,
            .invalidParameter(_, let parameter, _)?:
            return "params.\(parameter)"
        case .unknownAlgorithm?: return "algorithm"
        default: return "params"
        }
    }

    private static func boolean(_ value: JSON) -> Bool? {
        switch value {
        case .bool(let flag): return flag
        case .int(let number) where number == 0 || number == 1: return number == 1
        case .string(let text):
            switch text.lowercased() {
            case "true": return true
            case "false": return false
            default: return nil
            }
        default: return nil
        }
    }

    private static func algorithmValue(_ value: JSON, algorithm: String, parameter: String) throws -> AlgorithmValue {
        switch value {
        case .int(let number): return .integer(number)
        case .double(let number): return .real(number)
        case .string(let text): return .text(text)
        case .bool(let flag): return .boolean(flag)
        default:
            throw AlgorithmError.invalidParameter(
                algorithm: algorithm, parameter: parameter,
                reason: "\(value.jsonText) is not a number, a text or true/false")
        }
    }

    private static func json(_ value: AlgorithmValue) -> JSON {
        switch value {
        case .integer(let number): return .int(number)
        case .real(let number): return .double(number)
        case .text(let text): return .string(text)
        case .boolean(let flag): return .bool(flag)
        }
    }
}
