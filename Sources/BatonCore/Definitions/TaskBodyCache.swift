import Foundation
import Synchronization

/// Decoded task bodies by their stored JSON text (a store keeps each task's body as JSON). Every job of a workflow stores the same few
/// bodies, and JSONDecoder costs more than the rest of a claim; the text is the whole key, so
/// a hit is exactly what decoding would give.
public enum TaskBodyCache {
    private static let bodies = Mutex([String: TaskBody]())
    /// Past this many distinct bodies the cache starts over, so memory stays bounded.
    static let limit = 512

    public static func body(_ text: String) throws -> TaskBody {
        if let body = bodies.withLock({ $0[text] }) { return body }
        let body = try JSONDecoder().decode(TaskBody.self, from: Data(text.utf8))
        bodies.withLock { cache in
            if cache.count >= limit { cache.removeAll(keepingCapacity: true) }
            cache[text] = body
        }
        return body
    }
}
