import Foundation
import Hummingbird

extension Request {
    /// A query parameter decoded as HTML forms, Go's `url.Query` and Python's `urlencode`
    /// encode it: `+` is a space, `%XX` a byte (Hummingbird's `queryParameters` keeps `+`, so a
    /// `filter={"status":+3}` from such a client would not parse as JSON). The first occurrence
    /// wins; a value whose percent-encoding is broken is kept as sent, for the caller to refuse.
    func query(_ name: String) -> String? {
        guard let query = uri.query, !query.isEmpty else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard Self.formDecoded(parts[0]) == name else { continue }
            return parts.count > 1 ? Self.formDecoded(parts[1]) : ""
        }
        return nil
    }

    static func formDecoded(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
