import BatonCore
import Foundation

/// One result row read by column name. Each backend adapts its own row type, so that how
/// columns become records is written once (below), for every backend.
public protocol StoredRow {
    /// The column's value; a NULL where a value is required is `StoreError.corrupt`.
    func int64(_ column: String) throws -> Int64
    func int64OrNil(_ column: String) throws -> Int64?
    func int(_ column: String) throws -> Int
    func intOrNil(_ column: String) throws -> Int?
    func bool(_ column: String) throws -> Bool
    func string(_ column: String) throws -> String
    func stringOrNil(_ column: String) throws -> String?
}

extension JobRecord {
    /// The columns `init(stored:)` reads, for a backend's SELECT.
    public static let columns =
        "number, uuid, workflow, project, name, status, payload, input, comment, periodic, created, updated, started, ended, "
        + "failure_hook IS NOT NULL AS has_failure_hook, parent_task"

    /// A job from a row of `JobRecord.columns`.
    public init(stored row: some StoredRow) throws {
        guard let status = JobStatus(rawValue: try row.int("status")) else { throw StoreError.corrupt("job status") }
        self.init(
            number: try row.int64("number"), uuid: try ColumnCoding.uuid(row.string("uuid")),
            workflow: try row.string("workflow"), project: try row.string("project"), name: try row.string("name"),
            status: status, payload: try ColumnCoding.json(row.stringOrNil("payload")) ?? .object([:]),
            input: try ColumnCoding.input(row.string("input")), comment: try row.stringOrNil("comment"),
            periodic: try row.bool("periodic"), created: try row.int64("created"), updated: try row.int64("updated"),
            started: try row.int64OrNil("started"), ended: try row.int64OrNil("ended"),
            hasFailureHook: try row.bool("has_failure_hook"), parentTask: try row.int64OrNil("parent_task"))
    }
}

extension TaskRecord {
    /// The columns `init(stored:)` reads, for a backend's SELECT.
    public static let columns =
        "id, uuid, job, position, key, name, task, status, hook, parents, queue, attempt, failures, max_retries, "
        + "cancel_requested, created, updated, started, ended, result, error, instance_of"

    /// A task from a row of `TaskRecord.columns`.
    public init(stored row: some StoredRow) throws {
        guard let status = TaskStatus(rawValue: try row.int("status")) else { throw StoreError.corrupt("task status") }
        self.init(
            id: try row.int64("id"), uuid: try ColumnCoding.uuid(row.string("uuid")), job: try row.int64("job"),
            position: try row.int("position"), key: try row.string("key"), name: try row.string("name"),
            taskName: try row.string("task"), status: status, hook: try row.intOrNil("hook").flatMap(HookKind.init(rawValue:)),
            parents: ColumnCoding.parents(try row.string("parents")), queue: try row.string("queue"),
            attempt: try row.int("attempt"), failures: try row.int("failures"), maxRetries: try row.int("max_retries"),
            cancelRequested: try row.bool("cancel_requested"), created: try row.int64("created"),
            updated: try row.int64("updated"), started: try row.int64OrNil("started"), ended: try row.int64OrNil("ended"),
            result: try ColumnCoding.json(row.stringOrNil("result")),
            error: try row.stringOrNil("error").map { try ColumnCoding.decode(TaskError.self, $0) },
            instanceOf: try row.int64OrNil("instance_of"))
    }
}

extension UserRecord {
    /// A user from a row of id, name, password_hash, created, updated.
    public init(stored row: some StoredRow) throws {
        self.init(
            id: try row.int64("id"), name: try row.string("name"), passwordHash: try row.string("password_hash"),
            created: try row.int64("created"), updated: try row.int64("updated"))
    }
}
