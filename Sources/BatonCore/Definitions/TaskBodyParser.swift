import Yams

/// Reads the keys that describe a task body (`shell`, `http`, `sql`, `csv`, `algorithm`, and on a
/// DAG step `workflow`; `env`, `workdir`, `timeout`, `retries`, `retry_delay`, `params`, `pool`)
/// out of a mapping, for `tasks.yml` entries and inline steps.
struct TaskBodyParser {
    /// The names under `connections:` in baton.yml, when known: a `sql` task naming another is
    /// a load error.
    var connections: Set<String>? = nil
    /// The names under `pools:` in baton.yml, when known: a `pool` naming another is a load error.
    var pools: Set<String>? = nil
    let report: (Int?, String?, String) -> Void

    static let kindKeys = ["shell", "http", "sql", "csv", "algorithm"]
    /// The kinds of a DAG step: a `tasks.yml` entry cannot start a sub-workflow (SPEC §13).
    static let stepKindKeys = kindKeys + ["workflow"]

    /// The kind given in `map` among `keys`, or nil when it names none (the caller decides
    /// whether that is an error).
    func kind(in map: inout YAMLMapping, keys: [String] = kindKeys) -> TaskBody.Kind? {
        let present = keys.filter { map.has($0) }
        if present.count > 1 {
            report(
                map.line(of: present[1]), present[1], "a task has exactly one kind, found \(present.joined(separator: " and "))")
        }
        if let node = map.take("shell") { return shell(node, line: map.line(of: "shell")) }
        if let node = map.take("http") { return http(node, line: map.line(of: "http")) }
        if let node = map.take("sql") { return sql(node, line: map.line(of: "sql")) }
        if let node = map.take("csv") { return csv(node, line: map.line(of: "csv")) }
        if let node = map.take("algorithm") { return algorithm(node, line: map.line(of: "algorithm")) }
        if keys.contains("workflow"), let node = map.take("workflow") {
            return subWorkflow(
                node, line: map.line(of: "workflow"), payload: map.take("payload"), payloadLine: map.line(of: "payload"))
        }
        return nil
    }

    private func shell(_ node: Node, line: Int?) -> TaskBody.Kind? {
        if let script = node.plainString, !script.isEmpty { return .shell(.script(script)) }
        if case .sequence(let items) = node {
            let argv = items.compactMap { $0.scalar?.string }
            if argv.count == items.count, !argv.isEmpty { return .shell(.argv(argv)) }
        }
        report(line, "shell", "must be a command string or a non-empty list of arguments")
        return nil
    }

    private func http(_ node: Node, line: Int?) -> TaskBody.Kind? {
        guard var map = YAMLMapping(node) else {
            report(line, "http", "must be a mapping with method and url")
            return nil
        }
        let method = map.take("method")?.plainString?.uppercased() ?? "GET"
        guard let url = map.take("url")?.plainString, url.hasPrefix("http://") || url.hasPrefix("https://") else {
            report(map.line(of: "url") ?? line, "http.url", "must be an http:// or https:// URL")
            return nil
        }
        var headers: [String: String] = [:]
        if let node = map.take("headers") {
            guard let values = stringMap(node) else {
                report(map.line(of: "headers"), "http.headers", "must map header names to strings")
                return nil
            }
            headers = values
        }
        let body = map.take("body")?.json
        for (key, keyLine) in map.unknownKeys {
            report(keyLine, "http.\(key)", "unknown key (expected method, url, headers, body)")
        }
        return .http(HTTPCall(method: method, url: url, headers: headers, body: body))
    }

    /// Reads the common keys into `body`, which already has the kind and any inherited settings.
    func common(in map: inout YAMLMapping, into body: inout TaskBody) {
        if let node = map.take("env") {
            if let values = stringMap(node) {
                body.env.merge(values) { _, new in new }
            } else {
                report(map.line(of: "env"), "env", "must map variable names to strings")
            }
        }
        if let node = map.take("workdir") {
            if let text = node.plainString {
                body.workdir = text
            } else {
                report(map.line(of: "workdir"), "workdir", "must be a path")
            }
        }
        if let node = map.take("timeout") {
            if let value = node.json.doubleValue, value > 0, value <= TimeLimits.maxSeconds {
                body.timeout = value
            } else {
                report(
                    map.line(of: "timeout"), "timeout",
                    "must be a positive number of seconds, at most \(TimeLimits.maxSecondsText)")
            }
        }
        if let node = map.take("retries") {
            if case .int(let value) = node.json, value >= 0 {
                body.retries = value
            } else {
                report(map.line(of: "retries"), "retries", "must be a whole number, 0 or more")
            }
        }
        if let node = map.take("retry_delay") {
            if let value = node.json.doubleValue, value >= 0, value <= TimeLimits.maxSeconds {
                body.retryDelay = value
            } else {
                report(
                    map.line(of: "retry_delay"), "retry_delay",
                    "must be a number of seconds, 0 or more and at most \(TimeLimits.maxSecondsText)")
            }
        }
        if let node = map.take("params") {
            if case .object(let values) = node.json {
                if case .algorithm = body.kind {
                    body.params = AlgorithmBinding.override(body.params, with: values)
                } else {
                    body.params.merge(values) { _, new in new }
                }
            } else {
                report(map.line(of: "params"), "params", "must be a mapping of parameter names to default values")
            }
        }
        if let node = map.take("pool") {
            body.pool = pool(node, line: map.line(of: "pool"))
        }
    }

    func stringMap(_ node: Node) -> [String: String]? {
        guard case .mapping(let mapping) = node else { return nil }
        var values: [String: String] = [:]
        for (key, value) in mapping {
            guard let name = key.string, case .scalar(let scalar) = value else { return nil }
            values[name] = scalar.string
        }
        return values
    }
}
