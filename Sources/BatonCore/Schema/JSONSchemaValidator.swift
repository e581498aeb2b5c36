import Foundation

/// A JSON Schema (draft-07) validator for the keywords payload schemas use, reporting every
/// failure in the words of Python's jsonschema, which Celery Director clients see.
public struct JSONSchemaValidator: Sendable {
    public let schema: JSON
    /// The order keywords are checked in, and so the order of messages. jsonschema follows the
    /// schema's own key order; ours is the order schemas are usually written in.
    let keywordOrder: [String]

    public static let conventionalOrder = [
        "$ref", "type", "enum", "const", "properties", "patternProperties", "additionalProperties", "required",
        "dependencies", "propertyNames", "minProperties", "maxProperties", "items", "contains", "minItems",
        "maxItems", "uniqueItems", "minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum",
        "exclusiveMaximum", "multipleOf", "allOf", "anyOf", "oneOf", "not", "if",
    ]

    public init(schema: JSON, keywordOrder: [String] = JSONSchemaValidator.conventionalOrder) {
        self.schema = schema
        self.keywordOrder = keywordOrder
    }

    /// How deep subschemas may nest while checking one payload. Definitions are checked at load
    /// (`SchemaReferences`), so only a schema that recurses as deep as the payload nests gets
    /// near it; the bound keeps any schema from exhausting the stack.
    public static let maxDepth = 256
    /// How many subschema checks one payload may cost: `anyOf`s that share `$ref`s can make the
    /// work exponential in the schema's size, and no definition may stall the server.
    public static let maxSteps = 1_000_000

    struct Budget {
        var depth = 0
        var steps = 0
        /// Set once a bound is passed; from then on nothing is checked.
        var exceeded: String?
    }

    /// Every failure, as jsonschema's `iter_errors` would list them; empty when valid. When a
    /// bound was passed, that is the one failure (the others would be incomplete).
    public func errors(for instance: JSON) -> [String] {
        var errors: [String] = []
        var budget = Budget()
        check(instance, against: schema, into: &errors, budget: &budget)
        return budget.exceeded.map { [$0] } ?? errors
    }

    private func check(_ instance: JSON, against schema: JSON, into errors: inout [String], budget: inout Budget) {
        guard budget.exceeded == nil else { return }
        budget.depth += 1
        budget.steps += 1
        defer { budget.depth -= 1 }
        guard budget.depth <= Self.maxDepth, budget.steps <= Self.maxSteps else {
            budget.exceeded = budget.depth > Self.maxDepth ? Self.tooDeep : Self.tooCostly
            return
        }
        switch schema {
        case .bool(true): return
        case .bool(false):
            errors.append("False schema does not allow \(instance.pythonRepr)")
            return
        case .object(let keywords):
            if let reference = keywords["$ref"]?.stringValue {
                // In draft 7, $ref overrides its sibling keywords.
                if let target = SchemaReferences.resolve(reference, in: self.schema) {
                    check(instance, against: target, into: &errors, budget: &budget)
                }
                return
            }
            for keyword in keywordOrder {
                guard let value = keywords[keyword] else { continue }
                apply(keyword, value, keywords, to: instance, into: &errors, budget: &budget)
            }
        default:
            return
        }
    }

    private func isValid(_ instance: JSON, _ schema: JSON, budget: inout Budget) -> Bool {
        var errors: [String] = []
        check(instance, against: schema, into: &errors, budget: &budget)
        return errors.isEmpty
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private func apply(
        _ keyword: String, _ value: JSON, _ keywords: [String: JSON], to instance: JSON,
        into errors: inout [String], budget: inout Budget
    ) {
        let repr = instance.pythonRepr
        switch keyword {
        case "type":
            let types = value.arrayValue?.compactMap(\.stringValue) ?? [value.stringValue].compactMap { $0 }
            if !types.contains(where: { Self.instance(instance, is: $0) }) {
                errors.append("\(repr) is not of type \(types.map(JSON.pythonString).joined(separator: ", "))")
            }
        case "enum":
            if let options = value.arrayValue, !options.contains(where: { Self.equal($0, instance) }) {
                errors.append("\(repr) is not one of \(value.pythonRepr)")
            }
        case "const":
            if !Self.equal(value, instance) { errors.append("\(value.pythonRepr) was expected") }
        case "properties":
            guard case .object(let members) = instance, case .object(let properties) = value else { return }
            for name in properties.keys.sorted() {
                if let member = members[name] { check(member, against: properties[name]!, into: &errors, budget: &budget) }
            }
        case "patternProperties":
            guard case .object(let members) = instance, case .object(let patterns) = value else { return }
            for (pattern, subschema) in patterns.sorted(by: { $0.key < $1.key }) {
                for name in members.keys.sorted() where Self.search(pattern, in: name) {
                    check(members[name]!, against: subschema, into: &errors, budget: &budget)
                }
            }
        case "additionalProperties":
            guard case .object(let members) = instance else { return }
            let declared = Set(keywords["properties"]?.objectValue?.keys.map { $0 } ?? [])
            let patterns = keywords["patternProperties"]?.objectValue?.keys.map { $0 } ?? []
            let extras = members.keys.filter { name in
                !declared.contains(name) && !patterns.contains { Self.search($0, in: name) }
            }.sorted()
            if value == .bool(false) {
                if !extras.isEmpty {
                    let verb = extras.count == 1 ? "was" : "were"
                    errors.append(
                        "Additional properties are not allowed (\(extras.map(JSON.pythonString).joined(separator: ", ")) \(verb) unexpected)"
                    )
                }
            } else {
                for name in extras { check(members[name]!, against: value, into: &errors, budget: &budget) }
            }
        case "required":
            guard case .object(let members) = instance, let names = value.arrayValue?.compactMap(\.stringValue) else { return }
            for name in names where members[name] == nil {
                errors.append("\(JSON.pythonString(name)) is a required property")
            }
        case "dependencies":
            guard case .object(let members) = instance, case .object(let dependencies) = value else { return }
            for (name, dependency) in dependencies.sorted(by: { $0.key < $1.key }) where members[name] != nil {
                if let names = dependency.arrayValue {
                    for other in names.compactMap(\.stringValue) where members[other] == nil {
                        errors.append("\(JSON.pythonString(other)) is a dependency of \(JSON.pythonString(name))")
                    }
                } else {
                    check(instance, against: dependency, into: &errors, budget: &budget)
                }
            }
        case "propertyNames":
            guard case .object(let members) = instance else { return }
            for name in members.keys.sorted() { check(.string(name), against: value, into: &errors, budget: &budget) }
        case "minProperties":
            if case .object(let members) = instance, let bound = value.intValue, members.count < bound {
                errors.append(bound == 1 ? "\(repr) should be non-empty" : "\(repr) does not have enough properties")
            }
        case "maxProperties":
            if case .object(let members) = instance, let bound = value.intValue, members.count > bound {
                errors.append(bound == 0 ? "\(repr) is expected to be empty" : "\(repr) has too many properties")
            }
        case "items":
            guard case .array(let items) = instance else { return }
            if case .array(let positional) = value {
                for (item, subschema) in zip(items, positional) {
                    check(item, against: subschema, into: &errors, budget: &budget)
                }
            } else {
                for item in items { check(item, against: value, into: &errors, budget: &budget) }
            }
        case "contains":
            if case .array(let items) = instance, !items.contains(where: { isValid($0, value, budget: &budget) }) {
                errors.append("None of \(repr) are valid under the given schema")
            }
        case "minItems":
            if case .array(let items) = instance, let bound = value.intValue, items.count < bound {
                errors.append(bound == 1 ? "\(repr) should be non-empty" : "\(repr) is too short")
            }
        case "maxItems":
            if case .array(let items) = instance, let bound = value.intValue, items.count > bound {
                errors.append(bound == 0 ? "\(repr) is expected to be empty" : "\(repr) is too long")
            }
        case "uniqueItems":
            if case .array(let items) = instance, value == .bool(true) {
                let duplicated = items.indices.contains { i in items[(i + 1)...].contains { Self.equal($0, items[i]) } }
                if duplicated { errors.append("\(repr) has non-unique elements") }
            }
        case "minLength":
            if case .string(let text) = instance, let bound = value.intValue, text.unicodeScalars.count < bound {
                errors.append(bound == 1 ? "\(repr) should be non-empty" : "\(repr) is too short")
            }
        case "maxLength":
            if case .string(let text) = instance, let bound = value.intValue, text.unicodeScalars.count > bound {
                errors.append(bound == 0 ? "\(repr) is expected to be empty" : "\(repr) is too long")
            }
        case "pattern":
            if case .string(let text) = instance, let pattern = value.stringValue, !Self.search(pattern, in: text) {
                errors.append("\(repr) does not match \(JSON.pythonString(pattern))")
            }
        case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
            guard let number = Self.number(instance), let bound = value.doubleValue else { return }
            let failed: Bool
            let phrase: String
            switch keyword {
            case "minimum": (failed, phrase) = (number < bound, "is less than the minimum of")
            case "maximum": (failed, phrase) = (number > bound, "is greater than the maximum of")
            case "exclusiveMinimum": (failed, phrase) = (number <= bound, "is less than or equal to the minimum of")
            default: (failed, phrase) = (number >= bound, "is greater than or equal to the maximum of")
            }
            if failed { errors.append("\(repr) \(phrase) \(value.pythonRepr)") }
        case "multipleOf":
            guard let number = Self.number(instance), let divisor = value.doubleValue, divisor > 0 else { return }
            let quotient = number / divisor
            if quotient.rounded() != quotient { errors.append("\(repr) is not a multiple of \(value.pythonRepr)") }
        case "allOf":
            for subschema in value.arrayValue ?? [] { check(instance, against: subschema, into: &errors, budget: &budget) }
        case "anyOf":
            if let options = value.arrayValue, !options.contains(where: { isValid(instance, $0, budget: &budget) }) {
                errors.append("\(repr) is not valid under any of the given schemas")
            }
        case "oneOf":
            guard let options = value.arrayValue else { return }
            let valid = options.filter { isValid(instance, $0, budget: &budget) }
            if valid.isEmpty {
                errors.append("\(repr) is not valid under any of the given schemas")
            } else if valid.count > 1 {
                // jsonschema names the later matches first, then the first one.
                let named = Array(valid.dropFirst()) + [valid[0]]
                errors.append("\(repr) is valid under each of \(named.map(\.pythonRepr).joined(separator: ", "))")
            }
        case "not":
            if isValid(instance, value, budget: &budget) {
                errors.append("\(repr) should not be valid under \(value.pythonRepr)")
            }
        case "if":
            let branch = isValid(instance, value, budget: &budget) ? keywords["then"] : keywords["else"]
            if let branch { check(instance, against: branch, into: &errors, budget: &budget) }
        default:
            return
        }
    }

    static let tooDeep = "the payload is nested deeper than the schema check allows (\(maxDepth) levels)"
    static let tooCostly = "checking the payload against the schema took more than \(maxSteps) steps"

    static func instance(_ instance: JSON, is type: String) -> Bool {
        switch (type, instance) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object): return true
        case ("number", .int), ("number", .double), ("integer", .int): return true
        case ("integer", .double(let value)): return value.rounded() == value && value.isFinite
        default: return false
        }
    }

    private static func number(_ instance: JSON) -> Double? {
        switch instance {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    /// jsonschema's equality: numbers by value (1 == 1.0), booleans never equal to numbers.
    static func equal(_ a: JSON, _ b: JSON) -> Bool {
        switch (a, b) {
        case (.int, .double), (.double, .int), (.double, .double): return number(a) == number(b)
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && x.allSatisfy { key, value in y[key].map { equal(value, $0) } ?? false }
        default: return a == b
        }
    }

    /// Python's `re.search`: the pattern may match anywhere.
    static func search(_ pattern: String, in text: String) -> Bool {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return false }
        return expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
