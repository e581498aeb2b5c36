import Yams

/// The step keys of SPEC §13 that point at a parent: `when` and `foreach`. Both name the parent
/// by its id, which must be among the step's `needs`; the engine finds it by its position there.
extension WorkflowParser {
    static let whenTests = ["equals", "not_equals", "in"]

    /// `when: {task: ID, path: a.b, equals: V}`, or `not_equals: V`, or `in: [V, ...]`.
    mutating func parseWhen(_ node: Node, line: Int?, parents: [String], workflow: String, task: String) -> StepCondition? {
        let shape = "must be {task: ID, path: a.b, equals: V} (or not_equals: V, or in: [V, ...])"
        guard var map = YAMLMapping(node) else {
            fail(line, workflow, task: task, field: "when", shape)
            return nil
        }
        let parent = parentPosition(
            map.take("task"), line: map.line(of: "task") ?? line, parents: parents, workflow: workflow, task: task,
            field: "when.task")
        let path = parsePath(
            map.take("path"), line: map.line(of: "path") ?? line, workflow: workflow, task: task, field: "when.path")
        let present = Self.whenTests.filter { map.has($0) }
        var test: StepCondition.Test?
        if present.count != 1 {
            for key in present { _ = map.take(key) }
            fail(line, workflow, task: task, field: "when", "give exactly one of equals, not_equals and in")
        } else if let value = map.take("equals") {
            test = .equals(value.json)
        } else if let value = map.take("not_equals") {
            test = .notEquals(value.json)
        } else if let value = map.take("in") {
            if case .array(let allowed) = value.json {
                test = .isIn(allowed)
            } else {
                fail(map.line(of: "in") ?? line, workflow, task: task, field: "when.in", "must be a list of values")
            }
        }
        for (key, keyLine) in map.unknownKeys {
            fail(keyLine, workflow, task: task, field: "when.\(key)", "unknown key (expected task, path, equals, not_equals, in)")
        }
        guard let (position, parentKey) = parent, let path, let test else { return nil }
        return StepCondition(parent: position, parentKey: parentKey, path: path, test: test)
    }

    /// `foreach: {rows: ID}`, `{result: ID, path: a.b}` or `{payload: a.b}`, each with an
    /// optional `concurrency: N`.
    mutating func parseForeach(_ node: Node, line: Int?, parents: [String], workflow: String, task: String) -> FanOut? {
        guard var map = YAMLMapping(node) else {
            fail(
                line, workflow, task: task, field: "foreach",
                "must be {rows: ID}, {result: ID, path: a.b} or {payload: a.b}, with an optional concurrency: N")
            return nil
        }
        let present = ["rows", "result", "payload"].filter { map.has($0) }
        var source: FanOut.Source?
        if present.count != 1 {
            for key in present { _ = map.take(key) }
            fail(line, workflow, task: task, field: "foreach", "give exactly one of rows, result and payload")
        } else if let node = map.take("rows") {
            let line = map.line(of: "rows") ?? line
            if let (position, key) = parentPosition(
                node, line: line, parents: parents, workflow: workflow, task: task, field: "foreach.rows")
            {
                source = .rows(parent: position, parentKey: key)
            }
        } else if let node = map.take("result") {
            let parent = parentPosition(
                node, line: map.line(of: "result") ?? line, parents: parents, workflow: workflow, task: task,
                field: "foreach.result")
            let path = parsePath(
                map.take("path"), line: map.line(of: "path") ?? line, workflow: workflow, task: task, field: "foreach.path")
            if let (position, key) = parent, let path {
                source = .result(parent: position, parentKey: key, path: path)
            }
        } else if let node = map.take("payload") {
            let line = map.line(of: "payload") ?? line
            if let path = parsePath(node, line: line, workflow: workflow, task: task, field: "foreach.payload") {
                // The payload is an object, never an array: the path must lead somewhere inside it.
                if path.isEmpty {
                    fail(line, workflow, task: task, field: "foreach.payload", "must be a dotted path to an array in the payload")
                } else {
                    source = .payload(path: path)
                }
            }
        }
        var concurrency: Int?
        if let node = map.take("concurrency") {
            concurrency = parseLimit(
                node, line: map.line(of: "concurrency") ?? line, workflow: workflow, task: task, field: "foreach.concurrency")
        }
        for (key, keyLine) in map.unknownKeys {
            fail(
                keyLine, workflow, task: task, field: "foreach.\(key)",
                "unknown key (expected rows, result, path, payload, concurrency)")
        }
        return source.map { FanOut(source: $0, concurrency: concurrency) }
    }

    /// The position of the step id `node` names among `parents` (the step's `needs`), and the id.
    private mutating func parentPosition(
        _ node: Node?, line: Int?, parents: [String], workflow: String, task: String, field: String
    ) -> (Int, String)? {
        guard let id = node?.plainString, !id.isEmpty else {
            fail(line, workflow, task: task, field: field, "must be the id of a task this one needs")
            return nil
        }
        guard let position = parents.firstIndex(of: id) else {
            let needs = parents.isEmpty ? "it needs none" : "it needs \(parents.joined(separator: ", "))"
            fail(line, workflow, task: task, field: field, "'\(id)' is not among this task's needs (\(needs))")
            return nil
        }
        return (position, id)
    }

    /// A dotted path (`a.b.0`); absent: the empty path, the whole value. A lone number such as
    /// `path: 0` is an index, so any scalar is read as text.
    private mutating func parsePath(_ node: Node?, line: Int?, workflow: String, task: String, field: String) -> [String]? {
        guard let node else { return [] }
        guard case .scalar(let scalar) = node else {
            fail(line, workflow, task: task, field: field, "must be a dotted path such as a.b.0")
            return nil
        }
        return JSONPath.segments(scalar.string)
    }
}
