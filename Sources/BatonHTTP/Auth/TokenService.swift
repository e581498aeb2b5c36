import BatonStore
import Foundation
import JWTKit

/// Signed tokens (HS256 JWTs) that name a session. The secret is made on first use and kept
/// in the home's `data/` folder, readable by its owner only, so tokens survive restarts.
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

    /// Reads the secret at `path`, creating it (32 random bytes, mode 0600) if it does not exist.
    /// `O_EXCL` makes processes starting together agree on one secret.
    public static func secret(at path: String) throws -> Data {
        // The home's data folder exists already only when it also holds the SQLite database.
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if descriptor >= 0 {
            var bytes = [UInt8](repeating: 0, count: 32)
            var generator = SystemRandomNumberGenerator()
            for index in bytes.indices { bytes[index] = generator.next() }
            let written = write(descriptor, bytes, bytes.count)
            close(descriptor)
            guard written == bytes.count else { throw CocoaError(.fileWriteUnknown) }
            return Data(bytes)
        }
        // Another process may be writing it right now: wait for all 32 bytes.
        for _ in 0..<200 {
            if let data = FileManager.default.contents(atPath: path), data.count == 32 { return data }
            usleep(5_000)
        }
        throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: path])
    }

    public func sign(session: SessionRecord, user: String) async throws -> String {
        try await keys.sign(Claims(sid: session.id, sub: SubjectClaim(value: user),
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
