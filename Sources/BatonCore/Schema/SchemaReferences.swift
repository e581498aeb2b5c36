import Foundation
/// Checks a JSON Schema's `$ref`s when definitions load (docs/workflows.md#schema), so that
/// validating a payload can neither ignore a broken reference nor recurse forever:
///
/// * every `$ref` must be a JSON Pointer fragment (`#`, `#/definitions/x`) that resolves in the
///   same document — anything else is a load error naming the pointer;
/// * a cycle of subschemas applied to the *same* instance (`{"$ref": "#"}`, or
///   `{"allOf": [{"$ref": "#"}]}`) never reaches a keyword that descends into the instance, so
///   it would recurse forever: a load error. Recursion through `properties`, `items` and the
///   like is fine (each step goes one level into the instance, whose nesting is bounded).
public enum SchemaReferences {
    /// Every problem, as text naming the pointer; empty when the schema is sound.
    public static func problems(in schema: JSON) -> [String] {
        var walker = Walker(root: schema)
        walker.visit(schema, at: "#")
        // A `$ref` may point into a place no keyword leads to (`#/anything`): check it too.
        while let pointer = walker.referenced.popLast() {
            if walker.sameInstance[pointer] == nil, let target = resolve(pointer, in: schema) {
                walker.visit(target, at: pointer)
            }
        }
        walker.findSameInstanceCycles()
        return walker.problems
    }

    /// The subschema at `pointer` (`#`, `#/a/b~1c/0`), nil when it points nowhere.
    public static func resolve(_ pointer: String, in root: JSON) -> JSON? {
        guard pointer.hasPrefix("#") else { return nil }
        var node = root
        for part in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: true) {
            let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch node {
            case .object(let members):
                guard let next = members[key] else { return nil }
                node = next
            case .array(let items):
                guard let index = Int(key), items.indices.contains(index) else { return nil }
                node = items[index]
            default:
                return nil
            }
        }
        return node
    }

    /// Keywords whose subschemas apply to the same instance as their parent.
    static let sameInstanceLists = ["allOf", "anyOf", "oneOf"]
    static let sameInstanceSingles = ["not", "if", "then", "else"]
    /// Keywords whose subschemas apply to parts of the instance.
    static let descendingMaps = ["properties", "patternProperties", "definitions", "$defs"]
    static let descendingSingles = ["additionalProperties", "propertyNames", "contains", "additionalItems"]

    private struct Walker {
        let root: JSON
        var problems: [String] = []
        /// Subschema pointer → the pointers of subschemas applied to the same instance.
        var sameInstance: [String: [String]] = [:]
        /// Targets of `$ref`s, to visit in case no keyword leads to them.
        var referenced: [String] = []

        init(root: JSON) { self.root = root }

        mutating func visit(_ schema: JSON, at pointer: String) {
            guard case .object(let keywords) = schema else { return }
            var edges: [String] = []
            if let reference = keywords["$ref"] {
                if let target = reference.stringValue, SchemaReferences.resolve(target, in: root) != nil {
                    edges.append(Self.normalize(target))
                    referenced.append(Self.normalize(target))
                } else {
                    problems.append(
                        "$ref at \(pointer) points nowhere: \(reference.stringValue.map { "'\($0)'" } ?? "not a string") (only '#…' pointers into the same file are supported)"
                    )
                }
            }
            for name in SchemaReferences.sameInstanceLists {
                for (index, item) in (keywords[name]?.arrayValue ?? []).enumerated() {
                    let child = "\(pointer)/\(name)/\(index)"
                    edges.append(child)
                    visit(item, at: child)
                }
            }
            for name in SchemaReferences.sameInstanceSingles {
                guard let sub = keywords[name] else { continue }
                edges.append("\(pointer)/\(name)")
                visit(sub, at: "\(pointer)/\(name)")
            }
            if case .object(let dependencies) = keywords["dependencies"] {
                for (key, sub) in dependencies where sub.objectValue != nil {
                    let child = "\(pointer)/dependencies/\(Self.escape(key))"
                    edges.append(child)
                    visit(sub, at: child)
                }
            }
            for name in SchemaReferences.descendingMaps {
                guard case .object(let members) = keywords[name] else { continue }
                for (key, sub) in members { visit(sub, at: "\(pointer)/\(name)/\(Self.escape(key))") }
            }
            for name in SchemaReferences.descendingSingles {
                if let sub = keywords[name] { visit(sub, at: "\(pointer)/\(name)") }
            }
            switch keywords["items"] {
            case .array(let items)?:
                for (index, item) in items.enumerated() { visit(item, at: "\(pointer)/items/\(index)") }
            case let item?:
                visit(item, at: "\(pointer)/items")
            case nil:
                break
            }
            sameInstance[pointer] = edges
        }

        /// Depth-first search for a cycle among same-instance edges (iterative: schemas come
        /// from users, so their depth must not decide the stack's).
        mutating func findSameInstanceCycles() {
            var state: [String: Bool] = [:]  // false: on the current path; true: done
            for start in sameInstance.keys.sorted() where state[start] == nil {
                var stack: [(node: String, next: Int)] = [(start, 0)]
                state[start] = false
                while let (node, next) = stack.last {
                    let edges = sameInstance[node] ?? []
                    guard next < edges.count else {
                        state[node] = true
                        stack.removeLast()
                        continue
                    }
                    stack[stack.count - 1].next += 1
                    let target = edges[next]
                    switch state[target] {
                    case false?:
                        problems.append(
                            "$ref cycle at \(target) never reaches a keyword that looks into the payload, so it would recurse forever"
                        )
                        return
                    case true?:
                        continue
                    case nil:
                        state[target] = false
                        stack.append((target, 0))
                    }
                }
            }
        }

        /// `#/` and `#` name the root alike.
        static func normalize(_ pointer: String) -> String {
            pointer.hasSuffix("/") ? String(pointer.dropLast()) : pointer
        }

        static func escape(_ key: String) -> String {
            key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
        }
    }
}
