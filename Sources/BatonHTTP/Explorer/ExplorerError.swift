import BatonCore
import Hummingbird

/// An Explorer error: `{"code": N, "message": "ErrName: detail"}` with HTTP status N / 100000.
struct ExplorerError: Error, Equatable {
    let code: Int
    let name: String
    let detail: String
    /// Sent with the error (a 405's `Allow`).
    var headers: HTTPFields = [:]

    static func badRequest(_ detail: String) -> ExplorerError { .init(code: 40004000, name: "ErrBadRequest", detail: detail) }
    static func param(_ detail: String) -> ExplorerError { .init(code: 40004001, name: "ErrParam", detail: detail) }
    static func unauthorized(_ detail: String) -> ExplorerError { .init(code: 40104000, name: "ErrUnauthorized", detail: detail) }
    static func session(_ detail: String) -> ExplorerError { .init(code: 40104001, name: "ErrSession", detail: detail) }
    static func notFound(_ detail: String) -> ExplorerError { .init(code: 40404000, name: "ErrNotFound", detail: detail) }
    /// A known path asked with a method it does not take; `Allow` names the ones it does.
    static func methodNotAllowed(_ method: String, path: String, allow: [HTTPRequest.Method]) -> ExplorerError {
        .init(
            code: 40504000, name: "ErrMethodNotAllowed", detail: "\(path) does not take \(method)",
            headers: [.allow: allow.map(\.rawValue).joined(separator: ", ")])
    }
    /// Not in Explorer's table: the body limit (docs/explorer-api.md#envelope-and-errors), with a
    /// code that keeps status = code / 100000.
    static func tooLarge(_ limit: Int) -> ExplorerError {
        .init(code: 41304000, name: "ErrRequestTooLarge", detail: "the body is larger than \(limit) bytes")
    }
    static func internalServer(_ detail: String) -> ExplorerError {
        .init(code: 50004000, name: "ErrInternalServer", detail: detail)
    }

    var response: Response {
        .json(
            ["code": .int(code), "message": .string("\(name): \(detail)")],
            status: HTTPResponse.Status(code: code / 100_000), headers: headers)
    }
}

extension Response {
    /// Explorer's success envelope.
    static func explorer(_ data: JSON, headers: HTTPFields = [:]) -> Response {
        .json(["code": 0, "message": "Success", "data": data], headers: headers)
    }
}
