import Yams

/// Reads a YAML file into nodes that remember their line, so every error can name it.
public enum YAMLDocument {
    /// How many nodes a file may hold once its aliases are expanded (SPEC §10). Composing shares
    /// an alias's node, but every reader walks it again; a "billion laughs" file is refused here,
    /// after at most this many steps, instead of being expanded into gigabytes.
    public static let maxExpandedNodes = 1_000_000

    static func parse(_ text: String, file: String) throws -> Node? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw DefinitionErrors([DefinitionError(file: file, line: error.line, problem: "invalid YAML: \(error.summary)")])
        }
        if let root, !root.expands(within: maxExpandedNodes) {
            throw DefinitionErrors([
                DefinitionError(
                    file: file, line: nil,
                    problem:
                        "its aliases expand to more than \(maxExpandedNodes) nodes; refusing to expand it (a \"billion laughs\" file?)"
                )
            ])
        }
        return root
    }
}

extension YamlError {
    /// The 1-based line the error is on, when the parser knows it.
    public var line: Int? {
        switch self {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return nil
        }
    }

    /// The problem in one line, without the parser's excerpt of the text.
    public var summary: String {
        switch self {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
            .composer(let context, let problem, _, _):
            return [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        default:
            return "\(self)"
        }
    }
}

extension Node {
    var line: Int? { mark?.line }

    /// Whether the tree, aliases expanded, has at most `limit` nodes: counted without recursion,
    /// stopping as soon as the count passes the limit.
    public func expands(within limit: Int) -> Bool {
        var count = 0
        var pending: [Node] = [self]
        while let node = pending.popLast() {
            count += 1
            if count > limit { return false }
            switch node {
            case .scalar, .alias: break
            case .sequence(let items): pending.append(contentsOf: items)
            case .mapping(let pairs):
                for (key, value) in pairs {
                    pending.append(key)
                    pending.append(value)
                }
            }
        }
        return true
    }

    /// The node as JSON: plain scalars are typed the YAML 1.1 way Python's loader types them.
    var json: JSON {
        switch self {
        case .scalar(let scalar):
            if scalar.style == .singleQuoted || scalar.style == .doubleQuoted || scalar.style == .literal
                || scalar.style == .folded
            {
                return .string(scalar.string)
            }
            if self.null != nil { return .null }
            if let value = self.bool { return .bool(value) }
            if let value = self.int { return .int(value) }
            if let value = self.float { return .double(value) }
            return .string(scalar.string)
        case .sequence(let sequence):
            return .array(sequence.map(\.json))
        case .mapping(let mapping):
            var members: [String: JSON] = [:]
            for (key, value) in mapping { members[key.string ?? "\(key)"] = value.json }
            return .object(members)
        case .alias:
            return .null
        }
    }

    /// A scalar that is a string in YAML's eyes (quoted or plain text, not a number or boolean).
    var plainString: String? {
        guard case .scalar = self, case .string(let text) = json else { return nil }
        return text
    }
}

/// A YAML mapping read key by key, so that the keys nobody asked for can be reported as unknown.
struct YAMLMapping {
    let pairs: [(key: String, value: Node, line: Int?)]
    private(set) var taken: Set<String> = []

    init?(_ node: Node) {
        guard case .mapping(let mapping) = node else { return nil }
        pairs = mapping.map { (key: $0.key.string ?? "\($0.key)", value: $0.value, line: $0.key.line) }
    }

    var keys: [String] { pairs.map(\.key) }

    func has(_ key: String) -> Bool { pairs.contains { $0.key == key } }

    mutating func take(_ key: String) -> Node? {
        taken.insert(key)
        return pairs.first { $0.key == key }?.value
    }

    func line(of key: String) -> Int? { pairs.first { $0.key == key }?.line }

    var unknownKeys: [(key: String, line: Int?)] {
        pairs.filter { !taken.contains($0.key) }.map { ($0.key, $0.line) }
    }
}
