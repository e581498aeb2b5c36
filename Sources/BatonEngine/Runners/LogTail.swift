import Foundation

/// The ends of task logs: what the store keeps of an attempt's log, and the last lines
/// shown as a failed task's traceback or under a failed job.
public enum LogTail {
    static let storedBytes = 1 << 20
    public static let tracebackLines = 20

    /// The last `storedBytes` of a log file.
    static func read(_ url: URL) -> String {
        // Most tasks print nothing: one stat answers that without opening the file.
        guard let size = AttemptFiles.size(url), size > 0, let handle = try? FileHandle(forReadingFrom: url) else { return "" }
        defer { try? handle.close() }
        let start = size > storedBytes ? UInt64(size) - UInt64(storedBytes) : 0
        try? handle.seek(toOffset: start)
        let data = (try? handle.readToEnd()) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// The last `count` lines of `log`, without surrounding blank lines.
    public static func lastLines(_ log: String, _ count: Int = tracebackLines) -> String {
        log.split(separator: "\n", omittingEmptySubsequences: false).suffix(count + 1)
            .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
