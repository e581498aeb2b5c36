import Crypto
import Foundation
import HummingbirdBcrypt
import Synchronization

/// bcrypt password hashes. Verifying costs tens of milliseconds by design, so a successful
/// check is remembered (by a SHA-256 of password and hash) to keep HTTP Basic fast; a changed
/// password has a new hash and is checked afresh.
public final class Passwords: Sendable {
    public static let cost: UInt8 = 10
    private let verified = Mutex<Set<Data>>([])

    public init() {}

    public static func hash(_ password: String) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    public func verify(_ password: String, hash: String) -> Bool {
        let key = Data(SHA256.hash(data: Data((password + "\u{0}" + hash).utf8)))
        if verified.withLock({ $0.contains(key) }) { return true }
        guard Bcrypt.verify(password, hash: hash) else { return false }
        verified.withLock { set in
            if set.count > 10_000 { set.removeAll() }
            set.insert(key)
        }
        return true
    }
}
