import Yams

/// Parses `tasks.yml`: each top-level key names a task, its body has exactly one kind.
enum TaskCatalogParser {
    /// In `broken`: the file itself could not be read, so no name in it can be trusted missing.
    static let wholeFile = "*"

    static let commonKeys = ["env", "workdir", "timeout", "retries", "retry_delay", "params", "pool"]

    /// Returns the valid tasks; `broken` gets the names of entries that have errors.
    static func parse(
        _ text: String, file: String, connections: Set<String>? = nil, pools: Set<String>? = nil,
        errors: inout [DefinitionError], broken: inout Set<String>
    ) -> [String: TaskBody] {
        let root: Node?
        do {
            root = try YAMLDocument.parse(text, file: file)
        } catch let failure as DefinitionErrors {
            errors += failure.errors
            broken.insert(TaskCatalogParser.wholeFile)
            return [:]
        } catch {
            errors.append(DefinitionError(file: file, problem: "\(error)"))
            broken.insert(TaskCatalogParser.wholeFile)
            return [:]
        }
        guard let root else { return [:] }
        guard case .mapping(let mapping) = root else {
            errors.append(DefinitionError(file: file, line: root.line, problem: "must be a mapping of task names to task bodies"))
            broken.insert(TaskCatalogParser.wholeFile)
            return [:]
        }
        var catalog: [String: TaskBody] = [:]
        for (keyNode, value) in mapping {
            let name = keyNode.string ?? "\(keyNode)"
            var collected: [DefinitionError] = []
            let parser = TaskBodyParser(connections: connections, pools: pools) { line, field, problem in
                collected.append(
                    DefinitionError(file: file, line: line ?? keyNode.line, task: name, field: field, problem: problem))
            }
            guard var map = YAMLMapping(value) else {
                broken.insert(name)
                errors.append(
                    DefinitionError(
                        file: file, line: keyNode.line, task: name,
                        problem: "must be a mapping with one of \(TaskBodyParser.kindKeys.joined(separator: ", "))"))
                continue
            }
            guard let kind = parser.kind(in: &map) else {
                if collected.isEmpty {
                    collected.append(
                        DefinitionError(
                            file: file, line: keyNode.line, task: name,
                            problem: "has no kind: give one of \(TaskBodyParser.kindKeys.joined(separator: ", "))"))
                }
                errors += collected
                broken.insert(name)
                continue
            }
            var body = TaskBody(kind: kind)
            parser.common(in: &map, into: &body)
            parser.check(&body, line: map.line(of: "params") ?? keyNode.line)
            for (key, line) in map.unknownKeys {
                collected.append(
                    DefinitionError(
                        file: file, line: line, task: name, field: key,
                        problem: "unknown key (expected \((TaskBodyParser.kindKeys + commonKeys).joined(separator: ", ")))"))
            }
            errors += collected
            if collected.isEmpty { catalog[name] = body } else { broken.insert(name) }
        }
        return catalog
    }
}
