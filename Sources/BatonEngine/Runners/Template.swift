import BatonCore
import BatonStore
import Foundation

/// `{{job.id}}`-style placeholders in http tasks. Only known names are replaced; values are
/// inserted as text (percent-encoded in URLs), never evaluated.
enum Template {
    static func values(for task: ClaimedTask) -> [String: String] {
        var values = [
            "job.id": task.jobUUID.uuidString.lowercased(),
            "job.number": String(task.job),
            "task.id": task.uuid.uuidString.lowercased(),
            "task.key": task.key,
            "attempt": String(task.attempt),
        ]
        for (name, value) in task.body.params { values["params.\(name)"] = value.plainText }
        for (name, value) in task.payload.objectValue ?? [:] { values["payload.\(name)"] = value.plainText }
        return values
    }

    static func render(_ text: String, _ values: [String: String], encode: (String) -> String = { $0 }) -> String {
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

    static func render(_ json: JSON, _ values: [String: String]) -> JSON {
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
