import BatonCore
import Foundation

enum Format {
    static func time(_ millis: Int64?) -> String {
        guard let millis else { return "-" }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }

    static func duration(_ start: Int64?, _ end: Int64?) -> String {
        guard let start, let end else { return "-" }
        return String(format: "%.3fs", Double(end - start) / 1000)
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    static func json(_ text: String, what: String) throws -> JSON {
        do { return try JSON.parse(text) } catch {
            throw CommandError("\(what) is not valid JSON: \(text)")
        }
    }
}
