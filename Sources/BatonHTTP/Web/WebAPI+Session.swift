import BatonCore
import BatonEngine
import BatonStore
import Foundation
import Hummingbird

/// Logging in from the page: the same users and tokens as the APIs. The token goes in the
/// `explorer_token` cookie (HttpOnly, so scripts never see it; SameSite=Strict, so other sites
/// cannot use it).
extension WebAPI {
    /// Whether auth is on and who is logged in; no job data, so it needs no login.
    func session(_ request: Request) async throws -> Response {
        let user = authEnabled ? await authenticator.anyUser(request) : nil
        return .json(
            ["authEnabled": .bool(authEnabled), "user": user.map { .string($0.name) } ?? .null],
            headers: [.cacheControl: "no-store"])
    }

    /// Body `{"name": ..., "password": ...}`.
    func login(_ request: Request) async throws -> Response {
        let body = try await json(request)
        guard let name = body["name"]?.stringValue, !name.isEmpty, let password = body["password"]?.stringValue else {
            throw WebError(.badRequest, "give a user name and a password")
        }
        guard let user = try await authenticator.user(name: name, password: password) else {
            throw WebError(.unauthorized, "wrong user name or password")
        }
        let now = service.clock.now
        let maxAge = authenticator.tokens.maxAge
        let session = SessionRecord(
            id: Identifiers.hex(Identifiers.randomUUID()), user: user.id, address: "web", port: 0, created: now,
            expires: now + Int64(maxAge) * 1000)
        try await service.store.sessionInsert(session)
        let token = try await authenticator.tokens.sign(session: session, user: user.name)
        return .json(
            ["user": .string(user.name)],
            headers: [
                .setCookie: "explorer_token=\(token); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict",
                .cacheControl: "no-store",
            ])
    }

    /// Forgets the cookie. (The token itself stays valid until it expires, as Explorer's do.)
    func logout() -> Response {
        .json(
            ["user": .null],
            headers: [
                .setCookie: "explorer_token=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict", .cacheControl: "no-store",
            ])
    }
}
