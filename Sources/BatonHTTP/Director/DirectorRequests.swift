import Foundation
import BatonCore
import Hummingbird

/// Reading Director requests the way Flask and Director read them.
enum DirectorRequests {
    /// The request body schema of `POST /api/workflows`, checked in Director's keyword order.
    static let createSchema = JSONSchemaValidator(
        schema: [
            "type": "object",
            "required": ["project", "name", "payload"],
            "additionalProperties": false,
            "properties": [
                "project": ["type": "string"], "name": ["type": "string"],
                "payload": ["type": "object"], "comment": ["type": "string"],
            ],
        ],
        keywordOrder: ["type", "required", "additionalProperties", "properties"])

    /// `POST /api/workflows`'s project, name, payload and comment, checked against `createSchema`.
    /// A well-formed body (nearly all of them) is recognised directly; only a body with a
    /// problem goes through the validator, which words each problem as Director does.
    static func create(_ body: JSON) throws(DirectorError) -> (project: String, name: String, payload: JSON, comment: String?) {
        if case .object(let members) = body, members.count <= 4,
            case .string(let project)? = members["project"], case .string(let name)? = members["name"],
            let payload = members["payload"], case .object = payload
        {
            switch members["comment"] {
            case nil where members.count == 3: return (project, name, payload, nil)
            case .string(let comment)? where members.count == 4: return (project, name, payload, comment)
            default: break
            }
        }
        let problems = createSchema.errors(for: body)
        guard problems.isEmpty, let project = body["project"]?.stringValue, let name = body["name"]?.stringValue,
            let payload = body["payload"]
        else { throw .schema(problems) }
        return (project, name, payload, body["comment"]?.stringValue)
    }

    /// Flask's `get_json()` of `body`: JSON content type (415 otherwise), then well-formed JSON (400 otherwise).
    static func json(_ request: Request, body: ByteBuffer) throws(DirectorError) -> JSON {
        // The usual header as is; anything else is parsed and lowercased (a Unicode case mapping).
        let contentType = request.headers[.contentType]
        if contentType != "application/json" {
            let mediaType =
                contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            guard mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
            else { throw .notJSON }
        }
        do {
            return try JSON.parse(bytes: Array(body.readableBytesView))
        } catch {
            throw .malformedJSON
        }
    }

    /// An integer query parameter; anything that is not an integer falls back to the default.
    static func int(_ request: Request, _ name: String, default value: Int) -> Int {
        request.query(name).flatMap { Int($0) } ?? value
    }

    /// Python's `strtobool`, with anything it rejects meaning true.
    static func bool(_ request: Request, _ name: String) -> Bool {
        guard let text = request.query(name)?.lowercased() else { return true }
        return !["n", "no", "f", "false", "off", "0"].contains(text)
    }
}
