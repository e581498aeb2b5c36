import BatonCore
import Foundation
import Logging
import Synchronization

/// `--log-format json`: one JSON object per line on standard error, for log shippers.
///
/// Shape: `{"time": "2026-11-29T23:05:53.120Z", "level": "info", "label": "baton.engine",
/// "message": "…", …metadata}` — metadata keys (such as `job`, `task`, `attempt`, `path`,
/// `status`) become top-level string fields, so a line can be filtered without parsing the
/// message. Nothing secret is ever logged by Baton, so nothing is redacted here.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    /// One lock for every handler: lines from several threads never interleave.
    private static let output = Mutex(FileHandle.standardError)

    init(label: String) {
        self.label = label
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        Self.output.withLock { $0.write(Data(Self.line(event, label: label, context: metadata).utf8)) }
    }

    /// The JSON line (with its newline) for one event; later keys win over earlier ones, and the
    /// fixed fields over metadata of the same name.
    static func line(_ event: LogEvent, label: String, context: Logger.Metadata, now: Date = Date()) -> String {
        var fields: [String: JSON] = [:]
        for (key, value) in context.merging(event.metadata ?? [:], uniquingKeysWith: { _, new in new }) {
            fields[key] = .string(value.description)
        }
        let time = UTCText.fields(Int64(now.timeIntervalSince1970 * 1000))
        fields["time"] = .string(UTCText.dateTime(time) + "." + UTCText.digits(time.millisecond, 3) + "Z")
        fields["level"] = .string(event.level.rawValue)
        fields["label"] = .string(label)
        fields["message"] = .string(event.message.description)
        return JSON.object(fields).jsonText + "\n"
    }
}

/// How `baton` writes its log: `text` (swift-log's default lines) or `json` (`JSONLogHandler`).
public enum LogFormat: String, Sendable, CaseIterable {
    case text
    case json

    private static let bootstrapped = Mutex(false)

    /// Installs the format for the whole process, once: swift-log allows one bootstrap, and
    /// loggers made before it keep the default handler, so this runs before any store opens.
    func bootstrap() {
        guard self == .json else { return }
        let first = Self.bootstrapped.withLock { done in
            defer { done = true }
            return !done
        }
        if first { LoggingSystem.bootstrap { JSONLogHandler(label: $0) } }
    }
}
