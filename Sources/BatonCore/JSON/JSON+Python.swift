import Foundation

/// Values as Python's `repr` shows them, so error messages read exactly like those of
/// Celery Director and Python's jsonschema (`None`, `True`, `'text'`, `{'a': 1}`).
extension JSON {
    public var pythonRepr: String {
        switch self {
        case .null: return "None"
        case .bool(let value): return value ? "True" : "False"
        case .int(let value): return String(value)
        case .double(let value): return JSON.pythonFloat(value)
        case .string(let text): return JSON.pythonString(text)
        case .array(let items): return "[" + items.map(\.pythonRepr).joined(separator: ", ") + "]"
        case .object(let members):
            return "{"
                + members.keys.sorted().map { "\(JSON.pythonString($0)): \(members[$0]!.pythonRepr)" }
                .joined(separator: ", ") + "}"
        }
    }

    static func pythonFloat(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value.rounded() == value && abs(value) < 1e16 { return String(format: "%.1f", value) }
        return "\(value)"
    }

    /// Python's quoting: single quotes unless the text holds a single quote and no double quote.
    static func pythonString(_ text: String) -> String {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where Character(scalar) == quote: out += "\\" + String(quote)
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\x" + String(format: "%02x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out.append(quote)
        return out
    }
}
