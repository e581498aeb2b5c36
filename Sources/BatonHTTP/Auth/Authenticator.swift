import BatonStore
import Foundation
import Hummingbird

/// Who is calling: HTTP Basic credentials or a token from `connect`, wherever clients put it.
struct Authenticator: Sendable {
    let store: any Store
    let tokens: TokenService
    let passwords: Passwords

    /// The token from the `explorer_token` cookie, an `explorer_token` header, or `Authorization: Bearer`.
    static func token(in request: Request) -> String? {
        if let cookie = request.cookies["explorer_token"]?.value, !cookie.isEmpty { return cookie }
        if let header = request.headers.first(where: { $0.name.canonicalName == "explorer_token" })?.value, !header.isEmpty {
            return header
        }
        if let authorization = request.headers[.authorization], authorization.lowercased().hasPrefix("bearer ") {
            return String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// `Authorization: Basic` credentials, if given and well-formed.
    static func basicCredentials(in request: Request) -> (String, String)? {
        guard let authorization = request.headers[.authorization], authorization.lowercased().hasPrefix("basic "),
            let data = Data(base64Encoded: String(authorization.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
            let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    /// The user whose name and password these are.
    func user(name: String, password: String) async throws -> UserRecord? {
        guard let user = try await store.userGet(name: name), passwords.verify(password, hash: user.passwordHash) else {
            return nil
        }
        return user
    }

    /// The caller by token.
    func user(token: String) async throws(TokenService.Failure) -> UserRecord {
        try await tokens.user(for: token, store: store)
    }

    /// Basic credentials or a token, as the Director API and the web page accept them.
    func anyUser(_ request: Request) async -> UserRecord? {
        if let (name, password) = Self.basicCredentials(in: request) {
            return try? await user(name: name, password: password)
        }
        if let token = Self.token(in: request) { return try? await user(token: token) }
        return nil
    }
}
