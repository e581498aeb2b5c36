import Foundation

/// A person or program allowed to use the APIs. Only a bcrypt hash of the password is kept.
public struct UserRecord: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var passwordHash: String
    public var created: Int64
    public var updated: Int64

    public init(id: Int64, name: String, passwordHash: String, created: Int64, updated: Int64) {
        self.id = id
        self.name = name
        self.passwordHash = passwordHash
        self.created = created
        self.updated = updated
    }
}

/// A login (Explorer's `connect`): tokens name their session, so deleting the user ends them.
public struct SessionRecord: Sendable, Equatable {
    public var id: String
    public var user: Int64
    public var address: String
    public var port: Int
    public var created: Int64
    public var expires: Int64

    public init(id: String, user: Int64, address: String, port: Int, created: Int64, expires: Int64) {
        self.id = id
        self.user = user
        self.address = address
        self.port = port
        self.created = created
        self.expires = expires
    }
}
