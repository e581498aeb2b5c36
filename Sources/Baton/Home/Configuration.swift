import BatonCore
import BatonEngine
import Foundation
import Yams

/// `baton.yml`, every key optional, each overridable by an environment variable
/// (`server.port` → `BATON_SERVER_PORT`).
public struct Configuration: Sendable {
    public var database = "data/baton.sqlite"
    public var host = "127.0.0.1"
    public var port = 8000
    public var workers = 16
    public var queues: [String]?
    public var leaseSeconds = 30.0
    public var cancelGrace = 10.0
    public var retentionDefaultOffset = -1
    public var authEnabled: Bool?
    public var tokenMaxAge = 259_200
    public var maxBodyBytes = 1_048_576
    /// `connections:` — read-only data sources for `sql` tasks, by name: a SQLite path under the
    /// home or a `postgres://` URL. The URLs may hold passwords: never print these values.
    public var connections: [String: String] = [:]
    /// The last bytes of a task's log kept (its first 64 KiB are kept too; what lies between
    /// is replaced by one marker line). SPEC §10.
    public var logMaxBytes = 1_048_576
    /// `text` or `json` (one object per line), unless `--log-format` says otherwise.
    public var logFormat = LogFormat.text
    /// `tracing.otlp_endpoint` — an OTLP/HTTP collector's base URL; `nil` (the default): no spans.
    public var tracing: TracingSettings?
    /// `max_fanout` — a `foreach` step with more items fails instead of expanding (SPEC §13).
    public var maxFanout = FanOut.defaultMaxFanout
    /// `pools:` — name → how many tasks naming that `pool` may run at once, across workflows
    /// and every process on the database (SPEC §13).
    public var pools: [String: Int] = [:]

    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    static let keys = [
        "database", "server.host", "server.port", "workers", "queues", "lease_seconds", "cancel_grace",
        "retention.default_offset", "auth.enabled", "auth.token_max_age", "max_body_bytes", "log_max_bytes", "log_format",
        "tracing.otlp_endpoint", "max_fanout",
    ]

    public init() {}

    /// Reads `file` if it exists, then the environment.
    public static func load(
        file: URL, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Configuration {
        var values: [String: (text: String, origin: String)] = [:]
        if let text = try? String(contentsOf: file, encoding: .utf8) {
            let root: Node?
            do { root = try Yams.compose(yaml: text) } catch let error as YamlError {
                let place = file.lastPathComponent + (error.line.map { ":\($0)" } ?? "")
                throw Problem(description: "\(place): invalid YAML: \(error.summary)")
            }
            if let root, !root.expands(within: YAMLDocument.maxExpandedNodes) {
                throw Problem(
                    description:
                        "\(file.lastPathComponent): its aliases expand to more than \(YAMLDocument.maxExpandedNodes) nodes")
            }
            if let root {
                guard case .mapping = root else {
                    throw Problem(description: "\(file.lastPathComponent): must be a mapping of settings")
                }
                flatten(root, prefix: "", file: file.lastPathComponent, into: &values)
            }
        }
        for key in keys {
            let variable = "BATON_" + key.uppercased().replacingOccurrences(of: ".", with: "_")
            if let value = environment[variable] { values[key] = (value, variable) }
        }
        var configuration = Configuration()
        for (key, value) in values {
            try configuration.set(key, value.text, origin: value.origin)
        }
        return configuration
    }

    private static func flatten(
        _ node: Node, prefix: String, file: String, into values: inout [String: (text: String, origin: String)]
    ) {
        guard case .mapping(let mapping) = node else { return }
        for (keyNode, value) in mapping {
            let key = prefix + (keyNode.string ?? "")
            let origin = "\(file):\(keyNode.mark?.line ?? 0)"
            switch value {
            case .mapping: flatten(value, prefix: key + ".", file: file, into: &values)
            case .sequence(let items): values[key] = (items.compactMap(\.string).joined(separator: ","), origin)
            default: values[key] = (value.string ?? "", origin)
            }
        }
    }

    private mutating func set(_ key: String, _ text: String, origin: String) throws {
        func int() throws -> Int {
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw Problem(description: "\(origin): '\(key)' must be a whole number, got '\(text)'")
            }
            return value
        }
        func positive() throws -> Double {
            guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value > 0, value <= TimeLimits.maxSeconds else {
                throw Problem(
                    description:
                        "\(origin): '\(key)' must be a positive number of seconds, at most \(TimeLimits.maxSecondsText), got '\(text)'"
                )
            }
            return value
        }
        switch key {
        case "database": database = text
        case "server.host": host = text
        case "server.port":
            port = try int()
            guard (1...65535).contains(port) else { throw Problem(description: "\(origin): 'server.port' must be 1-65535") }
        case "workers":
            workers = try int()
            guard workers >= 1 else { throw Problem(description: "\(origin): 'workers' must be 1 or more") }
        case "queues":
            let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            queues = names.isEmpty || names == ["all"] ? nil : names
        case "lease_seconds": leaseSeconds = try positive()
        case "cancel_grace": cancelGrace = try positive()
        case "retention.default_offset":
            retentionDefaultOffset = try int()
            guard retentionDefaultOffset >= -1 else {
                throw Problem(description: "\(origin): 'retention.default_offset' must be -1 (keep all) or more")
            }
        case "auth.enabled":
            switch text.lowercased() {
            case "true", "yes", "on", "1": authEnabled = true
            case "false", "no", "off", "0": authEnabled = false
            default: throw Problem(description: "\(origin): 'auth.enabled' must be true or false")
            }
        case "auth.token_max_age":
            tokenMaxAge = try int()
            guard tokenMaxAge >= 1 else { throw Problem(description: "\(origin): 'auth.token_max_age' must be 1 second or more") }
        case "max_body_bytes":
            maxBodyBytes = try int()
            guard maxBodyBytes >= 1024 else { throw Problem(description: "\(origin): 'max_body_bytes' must be at least 1024") }
        case "log_format":
            guard let format = LogFormat(rawValue: text.lowercased()) else {
                throw Problem(description: "\(origin): 'log_format' must be text or json, got '\(text)'")
            }
            logFormat = format
        case "log_max_bytes":
            logMaxBytes = try int()
            guard logMaxBytes >= 1024 else { throw Problem(description: "\(origin): 'log_max_bytes' must be at least 1024") }
        case "tracing.otlp_endpoint":
            // The value is not shown: a URL may carry a token.
            guard let settings = TracingSettings(endpoint: text) else {
                throw Problem(
                    description:
                        "\(origin): 'tracing.otlp_endpoint' must be an http:// or https:// URL with a host and no user, password, query or fragment, such as http://127.0.0.1:4318"
                )
            }
            tracing = settings
        case "max_fanout":
            maxFanout = try int()
            guard maxFanout >= 1 else { throw Problem(description: "\(origin): 'max_fanout' must be 1 or more") }
        case "pools":
            throw Problem(description: "\(origin): 'pools' maps pool names to sizes, such as {db: 4}")
        case _ where key.hasPrefix("pools."):
            let name = String(key.dropFirst("pools.".count))
            guard !name.isEmpty, !name.contains(".") else {
                throw Problem(description: "\(origin): 'pools' maps pool names to sizes, such as {db: 4}")
            }
            guard let size = Int(text.trimmingCharacters(in: .whitespaces)), size >= 1 else {
                throw Problem(description: "\(origin): pool '\(name)' must be a size, a whole number 1 or more, got '\(text)'")
            }
            pools[name] = size
        case _ where key.hasPrefix("connections."):
            let name = String(key.dropFirst("connections.".count))
            guard !name.isEmpty, !name.contains("."), !text.isEmpty else {
                // The value is not shown: it may hold a password.
                throw Problem(description: "\(origin): 'connections' maps names to a SQLite path or a postgres:// URL")
            }
            connections[name] = text
        default:
            throw Problem(
                description:
                    "\(origin): unknown setting '\(key)' (known: \(Self.keys.joined(separator: ", ")), connections.NAME, pools.NAME)"
            )
        }
    }
}
