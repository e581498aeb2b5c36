import BatonCore
import Foundation

/// How records are laid out in columns, the same in every backend: JSON as text, parents as
/// comma-separated ids, errors and bodies as encoded JSON.
public enum ColumnCoding {

    public static func json(_ text: String?) throws -> JSON? {
        guard let text else { return nil }
        return try JSON.parse(text)
    }

    public static func parents(_ ids: [Int64]) -> String { ids.map(String.init).joined(separator: ",") }

    public static func parents(_ text: String) -> [Int64] { text.split(separator: ",").compactMap { Int64($0) } }

    public static func uuid(_ text: String) throws -> UUID {
        guard let uuid = UUID(uuidString: text) else { throw StoreError.corrupt("bad uuid \(text)") }
        return uuid
    }

    public static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    public static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    public static func input(_ value: [String: [String: JSON]]) -> String {
        JSON.object(value.mapValues { JSON.object($0) }).jsonText
    }

    public static func input(_ text: String) throws -> [String: [String: JSON]] {
        guard case .object(let members) = try JSON.parse(text) else { return [:] }
        return members.compactMapValues(\.objectValue)
    }

    /// A result row as stored: a JSON array of strings.
    public static func cells(_ cells: [String]) -> String { JSON.array(cells.map(JSON.string)).jsonText }

    public static func cells(_ text: String) throws -> [String] { (try JSON.parse(text).arrayValue ?? []).map(\.plainText) }

    /// `text` as a LIKE pattern matching it anywhere, with `\` as the escape character.
    public static func containsPattern(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        return "%\(escaped)%"
    }
}
