import BatonCore
import Hummingbird

/// An error answer in Director's shape, with Director's (Flask's) words.
struct DirectorError: Error {
    let status: HTTPResponse.Status
    let body: JSON
    var headers: HTTPFields = [:]

    static let notFoundText =
        "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again."

    static let notFound = DirectorError(status: .notFound, body: ["error": .string(notFoundText)])
    /// A known path asked with a method it does not take; `allow` lists the ones it does.
    static func methodNotAllowed(allow: String) -> DirectorError {
        DirectorError(
            status: .methodNotAllowed, body: ["error": "The method is not allowed for the requested URL."],
            headers: [.allow: allow])
    }
    static let malformedJSON = DirectorError(
        status: .badRequest, body: ["error": "The browser (or proxy) sent a request that this server could not understand."])
    static let notJSON = DirectorError(
        status: .unsupportedMediaType,
        body: ["error": "Did not attempt to load JSON data because the request Content-Type was not 'application/json'."])
    static let tooLarge = DirectorError(
        status: .contentTooLarge, body: ["error": "The data value transmitted exceeds the capacity limit."])

    /// A failure that is not the caller's; the detail goes to the log, not to the client.
    static let internalError = DirectorError(
        status: .internalServerError, body: ["error": "internal error: the failure was logged"])

    static let unauthorized = DirectorError(
        status: .unauthorized,
        body: ["error": "unauthorized", "message": "Please authenticate to access this API.", "status": 401],
        headers: [.wwwAuthenticate: #"Basic realm="Authentication Required""#])

    static func workflowNotFound(_ name: String) -> DirectorError {
        DirectorError(status: .notFound, body: ["error": .string("Workflow \(name) not found")])
    }

    static func schema(_ errors: [String]) -> DirectorError {
        DirectorError(
            status: .badRequest, body: ["error": "Error validating against schema", "errors": .array(errors.map(JSON.string))])
    }

    static func payload(_ errors: [String]) -> DirectorError {
        DirectorError(status: .badRequest, body: ["error": "Payload is not valid", "errors": .array(errors.map(JSON.string))])
    }

    var response: Response { .json(body, status: status, headers: headers) }
}
