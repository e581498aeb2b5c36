import BatonCore
import BatonStore
import Foundation
import Logging
import PostgresNIO

/// A `connections:` entry that is a PostgreSQL address. Each run opens one connection, starts a
/// READ ONLY transaction with the task's timeout as `statement_timeout`, streams the rows and
/// rolls back. Messages name the connection and the address without its password.
public struct PostgresQueryConnection: QueryConnection {
    public let name: String
    let address: PostgresAddress

    /// Throws `StoreError.invalidDatabase` (the address shown without its password).
    public init(name: String, url: String) throws {
        self.name = name
        self.address = try PostgresAddress(url)
    }

    private static let logger = Logger(label: "baton.sql") { _ in SwiftLogNoOpLogHandler() }

    public func run(_ query: ParameterizedQuery, values: [JSON], timeout: Double?, rows: any RowSink) async throws -> [String] {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: address.connectionConfiguration(), id: 0, logger: Self.logger)
        } catch {
            throw QueryError("connection '\(name)' (\(address)): \(Self.message(error))")
        }
        do {
            let columns = try await withTaskCancellationHandler {
                try await connection.run("BEGIN READ ONLY")
                if let timeout {
                    let milliseconds = max(1, Int((timeout * 1000).rounded(.up)))
                    // An integer of ours, not a value from the job: safe as text (SET takes no binds).
                    try await connection.run(PostgresQuery(unsafeSQL: "SET LOCAL statement_timeout = \(milliseconds)"))
                }
                var binds = PostgresBindings()
                for value in values {
                    if case .null = value { binds.appendNull() } else { try binds.append(UntypedText(text: value.plainText)) }
                }
                let sql = query.text { "$\($0)" }
                var columns: [String]?
                for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: Self.logger)
                {
                    var cells: [String] = []
                    for cell in row { cells.append(Self.text(cell)) }
                    if columns == nil { columns = row.map(\.columnName) }
                    try rows.append(cells)
                }
                try await connection.run("ROLLBACK")
                return columns ?? []
            } onCancel: {
                let closing: EventLoopFuture<Void> = connection.close()
                _ = closing
            }
            try? await connection.close()
            return columns
        } catch {
            try? await connection.close()
            if Task.isCancelled { throw QueryError("canceled") }
            throw QueryError("connection '\(name)' (\(address)): \(Self.message(error))")
        }
    }

    /// The server's own words (e.g. "cannot execute DELETE in a read-only transaction"), never
    /// PostgresNIO's description of the request, which may hold the connection settings.
    private static func message(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let info = error.serverInfo {
                return "\(info[.message] ?? "error") (SQLSTATE \(info[.sqlState] ?? "?"))"
            }
            return "unreachable: \(error.code)"
        }
        if let error = error as? QueryError { return error.description }
        return String(describing: type(of: error))
    }

    /// A cell as text: NULL empty, numbers and booleans as PostgreSQL prints them, times in ISO 8601.
    static func text(_ cell: PostgresCell) -> String {
        guard var bytes = cell.bytes else { return "" }
        if cell.format == .text { return bytes.readString(length: bytes.readableBytes) ?? "" }
        switch cell.dataType {
        case .bool: return (try? cell.decode(Bool.self)).map { $0 ? "true" : "false" } ?? ""
        case .int2, .int4, .int8, .oid: return (try? cell.decode(Int64.self)).map { String($0) } ?? ""
        case .float4, .float8: return (try? cell.decode(Double.self)).map { String($0) } ?? ""
        case .numeric: return (try? cell.decode(Decimal.self)).map { "\($0)" } ?? ""
        case .date, .timestamp, .timestamptz:
            return (try? cell.decode(Date.self)).map { $0.formatted(.iso8601) } ?? ""
        default:
            if let text = try? cell.decode(String.self) { return text }
            return bytes.readString(length: bytes.readableBytes) ?? ""
        }
    }
}

/// A value sent as text with no declared type, so the server infers it from where the
/// placeholder stands (`WHERE id = $1` reads it as the column's type), as libpq does.
struct UntypedText: PostgresEncodable {
    let text: String
    static var psqlType: PostgresDataType { PostgresDataType(0) }
    static var psqlFormat: PostgresFormat { .text }

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        byteBuffer.writeString(text)
    }
}
