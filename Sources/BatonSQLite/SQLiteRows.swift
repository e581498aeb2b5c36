import BatonCore
import BatonStore
import Foundation
import GRDB

/// Decoding stored rows into records, and the column encodings both directions share.
enum Columns {
    static let job = "number, uuid, workflow, project, name, status, payload, input, comment, periodic, created, updated, started, ended"
    static let task = "id, uuid, job, position, key, name, task, status, hook, parents, queue, attempt, failures, max_retries, cancel_requested, created, updated, started, ended, result, error"

    static func json(_ text: String?) throws -> JSON? {
        guard let text else { return nil }
        return try JSON.parse(text)
    }

    static func parents(_ ids: [Int64]) -> String { ids.map(String.init).joined(separator: ",") }

    static func parents(_ text: String) -> [Int64] { text.split(separator: ",").compactMap { Int64($0) } }

    static func uuid(_ text: String) throws -> UUID {
        guard let uuid = UUID(uuidString: text) else { throw StoreError.corrupt("bad uuid \(text)") }
        return uuid
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    static func input(_ value: [String: [String: JSON]]) -> String {
        JSON.object(value.mapValues { JSON.object($0) }).jsonText
    }

    static func input(_ text: String) throws -> [String: [String: JSON]] {
        guard case .object(let members) = try JSON.parse(text) else { return [:] }
        return members.compactMapValues(\.objectValue)
    }
}

extension JobRecord {
    init(row: Row) throws {
        guard let status = JobStatus(rawValue: row["status"]) else { throw StoreError.corrupt("job status") }
        self.init(
            number: row["number"], uuid: try Columns.uuid(row["uuid"]), workflow: row["workflow"],
            project: row["project"], name: row["name"], status: status,
            payload: try Columns.json(row["payload"]) ?? .object([:]),
            input: try Columns.input(row["input"]), comment: row["comment"], periodic: row["periodic"],
            created: row["created"], updated: row["updated"], started: row["started"], ended: row["ended"])
    }
}

extension TaskRecord {
    init(row: Row) throws {
        guard let status = TaskStatus(rawValue: row["status"]) else { throw StoreError.corrupt("task status") }
        let hook: Int? = row["hook"]
        let errorText: String? = row["error"]
        self.init(
            id: row["id"], uuid: try Columns.uuid(row["uuid"]), job: row["job"], position: row["position"],
            key: row["key"], name: row["name"], taskName: row["task"], status: status,
            hook: hook.flatMap(HookKind.init(rawValue:)), parents: Columns.parents(row["parents"] as String),
            queue: row["queue"], attempt: row["attempt"], failures: row["failures"], maxRetries: row["max_retries"],
            cancelRequested: row["cancel_requested"], created: row["created"], updated: row["updated"],
            started: row["started"], ended: row["ended"], result: try Columns.json(row["result"]),
            error: try errorText.map { try Columns.decode(TaskError.self, $0) })
    }
}
