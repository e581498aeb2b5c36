/// Dotted paths into JSON (`a.b.0`), as `when.path` and `foreach.path` write them (SPEC §13):
/// a segment is an object key, or an array index when the value there is an array.
public enum JSONPath {
    /// `text` split at its dots; the empty text is the empty path (the whole value).
    public static func segments(_ text: String) -> [String] {
        text.isEmpty ? [] : text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    /// The value at `path` in `root`, nil when some segment is missing.
    public static func value(at path: [String], in root: JSON) -> JSON? {
        var current = root
        for segment in path {
            switch current {
            case .object(let members):
                guard let next = members[segment] else { return nil }
                current = next
            case .array(let items):
                guard let index = Int(segment), items.indices.contains(index) else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }
}
