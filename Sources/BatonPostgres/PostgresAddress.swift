import BatonStore
import Foundation
import PostgresNIO

/// A `postgres://user:password@host:port/database?schema=baton&sslmode=disable` address.
/// `schema` (default `baton`) holds Baton's tables, so one database can host several Batons.
public struct PostgresAddress: Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var schema: String
    public var tls: TLSMode

    public enum TLSMode: String, Sendable {
        /// Plain TCP (a private network or loopback).
        case disable
        /// Encrypted, the server's certificate not checked (libpq's `require`).
        case require
        /// Encrypted, the certificate checked against the system's roots and the host name.
        case verifyFull = "verify-full"
    }

    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(_ text: String) throws {
        let shown = Self.redact(text)
        func invalid(_ reason: String) -> StoreError { .invalidDatabase(shown, reason: reason) }
        guard Self.isPostgres(text), let components = URLComponents(string: text) else {
            throw invalid("expected postgres://user:password@host:port/database")
        }
        guard let host = components.host, !host.isEmpty else { throw invalid("the address names no host") }
        guard let user = components.user, !user.isEmpty else { throw invalid("the address names no user") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty else { throw invalid("the address names no database (…/database)") }
        self.host = host
        self.port = components.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database
        self.schema = "baton"
        self.tls = .disable
        for item in components.queryItems ?? [] {
            switch item.name {
            case "schema":
                let name = item.value ?? ""
                // Interpolated into DDL and a NOTIFY channel name: a plain lowercase identifier only.
                guard name.range(of: "^[a-z_][a-z0-9_]{0,50}$", options: .regularExpression) != nil else {
                    throw invalid("schema '\(name)' must be a lowercase identifier (letters, digits, _)")
                }
                schema = name
            case "sslmode":
                guard let mode = TLSMode(rawValue: item.value ?? "") else {
                    throw invalid("sslmode must be disable, require or verify-full")
                }
                tls = mode
            default:
                throw invalid("unknown parameter '\(item.name)' (known: schema, sslmode)")
            }
        }
    }

    /// The address without its password, for messages and logs.
    public var description: String {
        "postgres://\(user)@\(host):\(port)/\(database)?schema=\(schema)"
    }

    /// `text` with any password replaced by `***`.
    public static func redact(_ text: String) -> String {
        text.replacingOccurrences(of: "(://[^:/@]*):[^@/]*@", with: "$1:***@", options: .regularExpression)
    }

    /// nil: plain TCP.
    private var tlsConfiguration: TLSConfiguration? {
        switch tls {
        case .disable: return nil
        case .require:
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .none
            return configuration
        case .verifyFull: return .makeClientConfiguration()
        }
    }

    var clientConfiguration: PostgresClient.Configuration {
        PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database,
            tls: tlsConfiguration.map { .require($0) } ?? .disable)
    }

    /// For one connection outside the pool: a first contact that fails fast.
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database,
            tls: try tlsConfiguration.map { .require(try NIOSSLContext(configuration: $0)) } ?? .disable)
    }
}
