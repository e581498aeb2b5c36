import BatonStore
import GRDB

/// A GRDB row read by column name for the shared record decoding (`StoredRow`).
struct SQLiteRow: StoredRow {
    let row: Row

    init(_ row: Row) { self.row = row }

    private func required<T: DatabaseValueConvertible>(_ column: String) throws -> T {
        guard let value: T = row[column] else { throw StoreError.corrupt("\(column) is NULL") }
        return value
    }

    func int64(_ column: String) throws -> Int64 { try required(column) }
    func int64OrNil(_ column: String) throws -> Int64? { row[column] }
    func int(_ column: String) throws -> Int { try required(column) }
    func intOrNil(_ column: String) throws -> Int? { row[column] }
    func bool(_ column: String) throws -> Bool { try required(column) }
    func string(_ column: String) throws -> String { try required(column) }
    func stringOrNil(_ column: String) throws -> String? { row[column] }
}
