import Foundation

/// The ends of task logs: what the store keeps of an attempt's log, and the last lines
/// shown as a failed task's traceback or under a failed job.
public enum LogTail {
    /// The first bytes of a log always kept: what a task printed first (its settings, its
    /// first error) is often what explains the rest.
    public static let headBytes = 64 * 1024
    /// The last bytes kept unless `log_max_bytes` says otherwise.
    public static let defaultTailBytes = 1 << 20
    public static let tracebackLines = 20

    /// The log file's first `headBytes` and last `tailBytes`; when bytes between them are left
    /// out, one marker line says how many (SPEC §10), so no reader mistakes the rest for the whole.
    static func read(_ url: URL, tailBytes: Int = defaultTailBytes) -> String {
        // Most tasks print nothing: one stat answers that without opening the file.
        guard let size = AttemptFiles.size(url), size > 0, let handle = try? FileHandle(forReadingFrom: url) else { return "" }
        defer { try? handle.close() }
        let tail = Int64(tailBytes)
        let head = Int64(headBytes)
        guard size > head + tail else {
            return String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
        }
        let first = (try? handle.read(upToCount: headBytes)) ?? Data()
        try? handle.seek(toOffset: UInt64(size - tail))
        let last = (try? handle.readToEnd()) ?? Data()
        return join(head: first, omitted: size - head - tail, tail: last)
    }

    /// `data` as log text, cut the way `read` cuts a log file.
    static func capped(_ data: Data, tailBytes: Int = defaultTailBytes) -> String {
        guard data.count > headBytes + tailBytes else { return String(decoding: data, as: UTF8.self) }
        return join(
            head: data.prefix(headBytes), omitted: Int64(data.count - headBytes - tailBytes), tail: data.suffix(tailBytes))
    }

    /// `head`, a marker line for `omitted` bytes, then `tail`. The marker starts on a line of
    /// its own even when the head ends mid-line.
    static func join(head: Data, omitted: Int64, tail: Data) -> String {
        let first = String(decoding: head, as: UTF8.self)
        let separator = first.hasSuffix("\n") ? "" : "\n"
        return first + separator + marker(omitted: omitted) + "\n" + String(decoding: tail, as: UTF8.self)
    }

    /// The line that stands for the bytes left out of a long log.
    public static func marker(omitted: Int64) -> String {
        "[baton: \(omitted) bytes of this log were left out here; the first \(headBytes / 1024) KiB and the end are kept (log_max_bytes)]"
    }

    /// The last `count` lines of `log`, without surrounding blank lines.
    public static func lastLines(_ log: String, _ count: Int = tracebackLines) -> String {
        log.split(separator: "\n", omittingEmptySubsequences: false).suffix(count + 1)
            .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
