import BatonCore
import BatonStore
import Foundation

/// `{{job.id}}`-style placeholders in http tasks and sub-workflow payloads. Only known names
/// are replaced; values are inserted as text (percent-encoded in URLs), never evaluated.
enum Template {
    /// What a task's templates may name: `job.*`, `task.*`, `attempt`, `params.*`, `payload.*`
    /// and `parents.ID.path` (a parent's result by its step id, with a dotted path; SPEC §13).
    struct Values {
        var fixed: [String: String]
        /// Parents' results by step id.
        var parents: [String: JSON] = [:]

        subscript(name: String) -> String? {
            if let value = fixed[name] { return value }
            guard name.hasPrefix("parents.") else { return nil }
            let segments = JSONPath.segments(String(name.dropFirst("parents.".count)))
            guard let id = segments.first, let result = parents[id] else { return nil }
            return JSONPath.value(at: Array(segments.dropFirst()), in: result)?.plainText
        }
    }

    /// The values for `task`; `parentKeys` are its parents' step ids in `previous` order, when
    /// known (sub-workflow steps), to name their results.
    static func values(for task: ClaimedTask, parentKeys: [String] = []) -> Values {
        var values = [
            "job.id": task.jobUUID.uuidString.lowercased(),
            "job.number": String(task.job),
            "task.id": task.uuid.uuidString.lowercased(),
            "task.key": task.key,
            "attempt": String(task.attempt),
        ]
        for (name, value) in task.body.params { values["params.\(name)"] = value.plainText }
        for (name, value) in task.payload.objectValue ?? [:] { values["payload.\(name)"] = value.plainText }
        var parents: [String: JSON] = [:]
        for (position, key) in parentKeys.enumerated() { parents[key] = task.parentResult(at: position) }
        return Values(fixed: values, parents: parents)
    }

    static func render(_ text: String, _ values: Values, encode: (String) -> String = { $0 }) -> String {
        var output = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                rest = rest[open.lowerBound...]
                break
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            output += values[name].map(encode) ?? String(rest[open.lowerBound..<close.upperBound])
            rest = rest[close.upperBound...]
        }
        return output + rest
    }

    static func render(_ json: JSON, _ values: Values) -> JSON {
        switch json {
        case .string(let text): return .string(render(text, values))
        case .array(let items): return .array(items.map { render($0, values) })
        case .object(let members): return .object(members.mapValues { render($0, values) })
        default: return json
        }
    }

    static func urlComponent(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+?#/")))
            ?? text
    }
}
