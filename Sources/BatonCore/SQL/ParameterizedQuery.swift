/// A SQL statement with its `:name` placeholders found, so that each backend can bind values in
/// its own placeholder style (`?` for SQLite, `$1` for PostgreSQL) and values never become text.
///
/// Placeholders are `:` followed by a letter or `_`, then letters, digits or `_`. Nothing inside
/// quotes ('…', "…", PostgreSQL's `$$…$$`), comments (`--`, `/* */`) or a `::` cast counts.
public struct ParameterizedQuery: Sendable, Hashable {
    /// The text around the placeholders: `pieces.count == names.count + 1`.
    public let pieces: [String]
    /// The placeholders' names, in order of appearance (a name may appear several times).
    public let names: [String]

    public init(_ sql: String) {
        let text = Array(sql.utf8)
        var pieces: [String] = []
        var names: [String] = []
        var start = 0
        var i = 0
        func isLetter(_ b: UInt8) -> Bool { (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 }
        func isWord(_ b: UInt8) -> Bool { isLetter(b) || (b >= 48 && b <= 57) }
        func skip(until terminator: [UInt8], from index: Int) -> Int {
            var j = index
            while j < text.count {
                if text[j...].starts(with: terminator) { return j + terminator.count }
                j += 1
            }
            return text.count
        }
        while i < text.count {
            let byte = text[i]
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                // '' and "" inside are an escaped quote: the scan just continues past them.
                i = skip(until: [byte], from: i + 1)
            case UInt8(ascii: "-") where i + 1 < text.count && text[i + 1] == UInt8(ascii: "-"):
                i = skip(until: [0x0A], from: i + 2)
            case UInt8(ascii: "/") where i + 1 < text.count && text[i + 1] == UInt8(ascii: "*"):
                i = skip(until: Array("*/".utf8), from: i + 2)
            case UInt8(ascii: "$") where i + 1 < text.count && text[i + 1] == UInt8(ascii: "$"):
                i = skip(until: Array("$$".utf8), from: i + 2)
            case UInt8(ascii: ":"):
                if i + 1 < text.count, text[i + 1] == UInt8(ascii: ":") {
                    i += 2
                } else if i + 1 < text.count, isLetter(text[i + 1]), i == 0 || !isWord(text[i - 1]) {
                    var end = i + 1
                    while end < text.count, isWord(text[end]) { end += 1 }
                    pieces.append(String(decoding: text[start..<i], as: UTF8.self))
                    names.append(String(decoding: text[(i + 1)..<end], as: UTF8.self))
                    start = end
                    i = end
                } else {
                    i += 1
                }
            default:
                i += 1
            }
        }
        pieces.append(String(decoding: text[start...], as: UTF8.self))
        self.pieces = pieces
        self.names = names
    }

    /// The statement with the `n`-th placeholder (1-based) written as `placeholder(n)`.
    public func text(placeholder: (Int) -> String) -> String {
        var result = pieces[0]
        for index in names.indices {
            result += placeholder(index + 1) + pieces[index + 1]
        }
        return result
    }

    /// The value of each placeholder, in order, from `params`; nil when one names no param.
    public func values(from params: [String: JSON]) -> [JSON]? {
        var values: [JSON] = []
        for name in names {
            guard let value = params[name] else { return nil }
            values.append(value)
        }
        return values
    }
}
