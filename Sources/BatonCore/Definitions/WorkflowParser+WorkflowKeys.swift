import Foundation
import Yams

/// The keys of a workflow besides its tasks: queue, hooks, periodic, schema, retention,
/// concurrency, priority.
extension WorkflowParser {
    /// A bound on how many things run at once (`concurrency`, `foreach.concurrency`): a whole
    /// number, 1 or more, since 0 would never run anything.
    mutating func parseLimit(_ node: Node, line: Int?, workflow: String, task: String? = nil, field: String) -> Int? {
        guard case .int(let value) = node.json, value >= 1 else {
            fail(line, workflow, task: task, field: field, "must be a whole number, 1 or more")
            return nil
        }
        return value
    }

    mutating func parseQueue(_ node: Node?, line: Int?, workflow: String) -> QueueSpec {
        guard let node else { return QueueSpec() }
        if let name = node.plainString { return QueueSpec(defaultQueue: name) }
        if var map = YAMLMapping(node) {
            var spec = QueueSpec()
            if let name = map.take("default")?.plainString { spec.defaultQueue = name }
            if let customs = map.take("customs") {
                if case .object(let values) = customs.json, values.values.allSatisfy({ $0.stringValue != nil }) {
                    spec.customs = values.mapValues { $0.stringValue! }
                } else {
                    fail(map.line(of: "customs"), workflow, field: "queue.customs", "must map task names to queue names")
                }
            }
            for (key, keyLine) in map.unknownKeys {
                fail(keyLine, workflow, field: "queue.\(key)", "unknown key (expected default, customs)")
            }
            return spec
        }
        fail(line, workflow, field: "queue", "must be a queue name or {default: NAME, customs: {TASK: NAME}}")
        return QueueSpec()
    }

    mutating func checkQueueCustoms(_ queues: QueueSpec, steps: [Step], hooks: [Step], workflow: String, line: Int?) {
        let used = Set((steps + hooks).flatMap { [$0.taskName, $0.key] })
        for name in queues.customs.keys.sorted() where !used.contains(name) {
            fail(line, workflow, field: "queue.customs", "names task '\(name)', which this workflow does not use")
        }
    }

    mutating func parsePeriodic(_ node: Node, line: Int?, workflow: String) -> Periodic? {
        guard var map = YAMLMapping(node) else {
            fail(line, workflow, field: "periodic", "must be {interval: SECONDS} or {crontab: \"m h dom mon dow\"}")
            return nil
        }
        let interval = map.take("interval")
        let crontab = map.take("crontab")
        var payload: JSON = .object([:])
        if let node = map.take("payload") {
            payload = node.json
            if payload.objectValue == nil {
                fail(map.line(of: "payload"), workflow, field: "periodic.payload", "must be a mapping")
            }
        }
        for (key, keyLine) in map.unknownKeys {
            fail(keyLine, workflow, field: "periodic.\(key)", "unknown key (expected interval or crontab, and payload)")
        }
        switch (interval, crontab) {
        case (let node?, nil):
            // Director reads the interval as a float; below a second a schedule would only thrash.
            guard let seconds = node.json.doubleValue, seconds >= 1, seconds <= TimeLimits.maxSeconds else {
                fail(
                    map.line(of: "interval"), workflow, field: "periodic.interval",
                    "must be a number of seconds, at least 1 and at most \(TimeLimits.maxSecondsText)")
                return nil
            }
            return Periodic(rule: .interval(seconds: seconds), payload: payload)
        case (nil, let node?):
            guard let expression = node.scalar?.string else {
                fail(map.line(of: "crontab"), workflow, field: "periodic.crontab", "must be a crontab string")
                return nil
            }
            do {
                return Periodic(rule: .crontab(try Crontab(expression)), payload: payload)
            } catch {
                fail(map.line(of: "crontab"), workflow, field: "periodic.crontab", "\(error)")
                return nil
            }
        default:
            fail(line, workflow, field: "periodic", "give exactly one of interval and crontab")
            return nil
        }
    }

    mutating func parseSchema(_ node: Node, line: Int?, workflow: String) -> (String?, JSON?) {
        guard let name = node.plainString, SchemaName.isSafe(name) else {
            fail(
                line, workflow, field: "schema", "must be a schema name inside schemas/ (letters, digits, '_', '-', '/'; no '..')"
            )
            return (nil, nil)
        }
        switch schema(name) {
        case .found(let value, let path):
            let problems = SchemaReferences.problems(in: value)
            guard problems.isEmpty else {
                for problem in problems { fail(line, workflow, field: "schema", "schema file \(path): \(problem)") }
                return (nil, nil)
            }
            return (name, value)
        case .missing(let path):
            fail(line, workflow, field: "schema", "schema file \(path) does not exist")
        case .invalid(let path, let reason):
            fail(line, workflow, field: "schema", "schema file \(path) is not a valid JSON schema: \(reason)")
        }
        return (nil, nil)
    }
}
