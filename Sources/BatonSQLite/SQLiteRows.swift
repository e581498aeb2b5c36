import BatonCore
import BatonStore
import Foundation
import GRDB

extension JobRecord {
    init(row: Row) throws {
        guard let status = JobStatus(rawValue: row["status"]) else { throw StoreError.corrupt("job status") }
        self.init(
            number: row["number"], uuid: try ColumnCoding.uuid(row["uuid"]), workflow: row["workflow"],
            project: row["project"], name: row["name"], status: status,
            payload: try ColumnCoding.json(row["payload"]) ?? .object([:]),
            input: try ColumnCoding.input(row["input"]), comment: row["comment"], periodic: row["periodic"],
            created: row["created"], updated: row["updated"], started: row["started"], ended: row["ended"])
    }
}

extension TaskRecord {
    init(row: Row) throws {
        guard let status = TaskStatus(rawValue: row["status"]) else { throw StoreError.corrupt("task status") }
        let hook: Int? = row["hook"]
        let errorText: String? = row["error"]
        self.init(
            id: row["id"], uuid: try ColumnCoding.uuid(row["uuid"]), job: row["job"], position: row["position"],
            key: row["key"], name: row["name"], taskName: row["task"], status: status,
            hook: hook.flatMap(HookKind.init(rawValue:)), parents: ColumnCoding.parents(row["parents"] as String),
            queue: row["queue"], attempt: row["attempt"], failures: row["failures"], maxRetries: row["max_retries"],
            cancelRequested: row["cancel_requested"], created: row["created"], updated: row["updated"],
            started: row["started"], ended: row["ended"], result: try ColumnCoding.json(row["result"]),
            error: try errorText.map { try ColumnCoding.decode(TaskError.self, $0) })
    }
}
