import BatonStore
import Foundation
import JWTKit

/// Signed tokens (HS256 JWTs) that name a session. The secret is kept in the database, so
/// tokens survive restarts and every API node on one database accepts every node's tokens.
public struct TokenService: Sendable {
    let keys: JWTKeyCollection
    public let maxAge: Int

    public enum Failure: Error, Equatable {
        /// No token, a token that does not verify, or one that expired.
        case unauthorized
        /// The token's session is gone (its user was deleted).
        case session
    }

    struct Claims: JWTPayload {
        var sid: String
        var sub: SubjectClaim
        var exp: ExpirationClaim

        func verify(using algorithm: some JWTAlgorithm) async throws {
            try exp.verifyNotExpired()
        }
    }

    public init(secret: Data, maxAge: Int) async {
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.maxAge = maxAge
    }

    /// The signing secret of this database, made (32 random bytes) by the first server to start.
    public static func secret(in store: any Store) async throws -> Data {
        let candidate = Data((0..<32).map { _ in UInt8.random(in: .min ... .max) })
        return try await store.secretGetOrCreate(name: "token-signing-key", candidate: candidate)
    }

    public func sign(session: SessionRecord, user: String) async throws -> String {
        try await keys.sign(
            Claims(
                sid: session.id, sub: SubjectClaim(value: user),
                exp: ExpirationClaim(value: Date(timeIntervalSince1970: Double(session.expires) / 1000))))
    }

    /// The user behind a token, checked against the store.
    public func user(for token: String, store: any Store) async throws(Failure) -> UserRecord {
        let claims: Claims
        do { claims = try await keys.verify(token, as: Claims.self) } catch { throw .unauthorized }
        guard let found = try? await store.sessionGet(id: claims.sid) else { throw .session }
        return found.1
    }
}
