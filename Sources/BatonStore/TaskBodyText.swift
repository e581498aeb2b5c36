import BatonCore
import Synchronization

/// Task bodies encoded for their column, by body: every job of a workflow stores the same few
/// bodies, and JSONEncoder cost more than the rest of a job's insert. The counterpart of
/// `TaskBodyCache`; decoding a cached text gives a body equal to the key. Both stores insert
/// jobs' tasks through it (a fan-out's instances, each with its own item, do not).
public enum TaskBodyText {
    private static let texts = Mutex([TaskBody: String]())
    /// Past this many distinct bodies the cache starts over, so memory stays bounded.
    public static let limit = 512

    public static func text(_ body: TaskBody) throws -> String {
        if let text = texts.withLock({ $0[body] }) { return text }
        let text = try ColumnCoding.encode(body)
        texts.withLock { cache in
            if cache.count >= limit { cache.removeAll(keepingCapacity: true) }
            cache[body] = text
        }
        return text
    }
}
