import Testing
@testable import BatonCore

/// Every keyword, valid and invalid; the messages are those Python's jsonschema 4.26 prints
/// for the same schema and instance.
@Suite struct JSONSchemaValidatorTests {
    private func errors(_ schema: JSON, _ instance: JSON) -> [String] {
        JSONSchemaValidator(schema: schema).errors(for: instance)
    }

    @Test(
        arguments: [
            (["type": "integer"], "john", ["'john' is not of type 'integer'"]),
            (["type": "integer"], .double(2.0), []),
            (["type": "integer"], .double(2.5), ["2.5 is not of type 'integer'"]),
            (["type": ["string", "null"]], 1, ["1 is not of type 'string', 'null'"]),
            (["type": "number"], true, ["True is not of type 'number'"]),
            (["type": "object"], [], ["[] is not of type 'object'"]),
            (["type": "object"], nil, ["None is not of type 'object'"]),
            (["type": "string"], ["a": 1, "b": [1, 2.5, true]], ["{'a': 1, 'b': [1, 2.5, True]} is not of type 'string'"]),
            (["type": "string"], .double(1e100), ["1e+100 is not of type 'string'"]),
            (["type": "string"], .double(1.0), ["1.0 is not of type 'string'"]),
            (["type": "boolean"], "it's", ["\"it's\" is not of type 'boolean'"]),
            (["required": ["user", "b"]], [:], ["'user' is a required property", "'b' is a required property"]),
            (["required": ["user"]], ["user": 1], []),
            (
                ["additionalProperties": false, "properties": ["a": [:]]], ["a": 1, "foo": 2, "bar": 3],
                ["Additional properties are not allowed ('bar', 'foo' were unexpected)"]
            ),
            (["additionalProperties": false], ["foo": 2], ["Additional properties are not allowed ('foo' was unexpected)"]),
            (["additionalProperties": ["type": "string"]], ["x": 1], ["1 is not of type 'string'"]),
            (["properties": ["a": ["type": "string"]]], ["a": "ok", "b": 1], []),
            (["enum": ["a", "b", 1]], "c", ["'c' is not one of ['a', 'b', 1]"]),
            (["enum": ["a", "b", 1]], .double(1.0), []),
            (["enum": [1]], true, ["True is not one of [1]"]),
            (["const": "a"], "b", ["'a' was expected"]),
            (["minimum": 3], 1, ["1 is less than the minimum of 3"]),
            (["maximum": 3], 5.5, ["5.5 is greater than the maximum of 3"]),
            (["exclusiveMinimum": 3], 3, ["3 is less than or equal to the minimum of 3"]),
            (["exclusiveMaximum": 3], 3, ["3 is greater than or equal to the maximum of 3"]),
            (["minimum": 3, "maximum": 5], 4, []),
            (["multipleOf": 2], 3, ["3 is not a multiple of 2"]),
            (["minLength": 2], "a", ["'a' is too short"]),
            (["minLength": 1], "", ["'' should be non-empty"]),
            (["maxLength": 2], "abc", ["'abc' is too long"]),
            (["maxLength": 2], "éé", []),
            (["pattern": "^a"], "b", ["'b' does not match '^a'"]),
            (["pattern": "b"], "abc", []),
            (["minItems": 2], [1], ["[1] is too short"]),
            (["minItems": 1], [], ["[] should be non-empty"]),
            (["maxItems": 1], [1, 2], ["[1, 2] is too long"]),
            (["uniqueItems": true], [1, 1], ["[1, 1] has non-unique elements"]),
            (["uniqueItems": true], [1, true], []),
            (["items": ["type": "string"]], [1, "a", 2], ["1 is not of type 'string'", "2 is not of type 'string'"]),
            (["items": [["type": "string"]]], [1, 2], ["1 is not of type 'string'"]),
            (["contains": ["type": "string"]], [1], ["None of [1] are valid under the given schema"]),
            (["allOf": [["type": "string"], ["minLength": 3]]], "a", ["'a' is too short"]),
            (["anyOf": [["type": "string"], ["type": "integer"]]], nil, ["None is not valid under any of the given schemas"]),
            (["anyOf": [["type": "string"], ["type": "integer"]]], 1, []),
            (["oneOf": [["type": "string"], ["type": "integer"]]], nil, ["None is not valid under any of the given schemas"]),
            (
                ["oneOf": [["type": "integer"], ["type": "number"]]], 1,
                ["1 is valid under each of {'type': 'number'}, {'type': 'integer'}"]
            ),
            (["oneOf": [["type": "integer"], ["type": "string"]]], 1, []),
            (["not": ["type": "string"]], "x", ["'x' should not be valid under {'type': 'string'}"]),
            (["not": ["type": "string"]], 1, []),
            (
                ["definitions": ["u": ["type": "integer"]], "properties": ["u": ["$ref": "#/definitions/u"]]], ["u": "x"],
                ["'x' is not of type 'integer'"]
            ),
            (["maxProperties": 1], ["a": 1, "b": 2], ["{'a': 1, 'b': 2} has too many properties"]),
            (["minProperties": 1], [:], ["{} should be non-empty"]),
            (["dependencies": ["a": ["b"]]], ["a": 1], ["'b' is a dependency of 'a'"]),
            (["propertyNames": ["maxLength": 1]], ["ab": 1], ["'ab' is too long"]),
            (["if": ["type": "string"], "then": ["minLength": 3]], "a", ["'a' is too short"]),
            (
                ["if": ["type": "string"], "then": ["minLength": 3], "else": ["minimum": 5]], 1,
                ["1 is less than the minimum of 5"]
            ),
            (false, 1, ["False schema does not allow 1"]),
            (true, 1, []),
        ] as [(JSON, JSON, [String])])
    func keyword(schema: JSON, instance: JSON, expected: [String]) {
        #expect(errors(schema, instance) == expected)
    }

    @Test func recursiveSchemaFollowsThePayload() {
        let tree: JSON = [
            "type": "object", "required": ["name"],
            "properties": ["children": ["type": "array", "items": ["$ref": "#"]]],
        ]
        #expect(errors(tree, ["name": "a", "children": [["name": "b", "children": [["name": "c"]]]]]) == [])
        #expect(errors(tree, ["name": "a", "children": [["children": []]]]) == ["'name' is a required property"])
    }

    /// Depth and work are bounded whatever the schema (a schema that slipped past the load
    /// check, or a payload nested deeper than any schema expects).
    @Test func validationIsBounded() {
        var deep: JSON = ["name": "leaf"]
        for _ in 0..<400 { deep = ["children": [deep]] }
        let tree: JSON = ["properties": ["children": ["items": ["$ref": "#"]]]]
        #expect(errors(tree, deep) == [JSONSchemaValidator.tooDeep])
        #expect(errors(["$ref": "#"], 1) == [JSONSchemaValidator.tooDeep])
        // 2^40 paths through shared references: cut off after maxSteps.
        var definitions: [String: JSON] = ["d40": ["type": "integer"]]
        for level in 0..<40 {
            let next = JSON.string("#/definitions/d\(level + 1)")
            definitions["d\(level)"] = ["anyOf": [["$ref": next], ["$ref": next]]]
        }
        let costly: JSON = ["definitions": .object(definitions), "$ref": "#/definitions/d0"]
        #expect(errors(costly, "x") == [JSONSchemaValidator.tooCostly])
    }

    @Test func nestedPayloadSchema() {
        let schema: JSON = [
            "type": "object",
            "properties": [
                "user": ["type": "integer", "minimum": 1],
                "items": ["type": "array", "items": ["type": "object", "required": ["sku"]]],
            ],
            "required": ["user", "items"],
        ]
        #expect(
            errors(schema, ["user": 0, "items": [["sku": "a"], [:]]]) == [
                "'sku' is a required property", "0 is less than the minimum of 1",
            ])
        #expect(errors(schema, ["user": 3, "items": []]) == [])
    }
}
