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

    /// Flask's `get_json()` of `body`: JSON content type (415 otherwise), then well-formed JSON (400 otherwise).
    static func json(_ request: Request, body: ByteBuffer) throws(DirectorError) -> JSON {
        let mediaType =
            request.headers[.contentType]?.split(separator: ";").first?
            .trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        guard mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json")) else {
            throw .notJSON
        }
        do {
            return try JSON.parse(Data(body.readableBytesView))
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
