import BatonCore
import BatonStore
import Foundation

/// Director's JSON shapes for jobs ("workflows"), tasks and definitions.
enum DirectorShapes {
    static func job(_ job: JobRecord, withPayload: Bool = true) -> [String: JSON] {
        var body: [String: JSON] = [
            "id": .string(id(job.uuid)),
            "created": .string(time(job.created)),
            "updated": .string(time(job.updated)),
            "name": .string(job.name),
            "project": .string(job.project),
            "fullname": .string(job.workflow),
            "status": .string(job.status.directorName),
            "periodic": .bool(job.periodic),
        ]
        if let comment = job.comment { body["comment"] = .string(comment) }
        if withPayload { body["payload"] = job.payload }
        return body
    }

    static func task(_ task: TaskRecord, uuids: [Int64: UUID]) -> JSON {
        let id = JSON.string(Self.id(task.uuid))
        var result = task.result ?? .null
        if task.status == .failed, let error = task.error {
            result = ["exception": .string(error.exception), "traceback": .string(error.traceback)]
        }
        return .object([
            "id": id,
            "task": id,
            "created": .string(time(task.created)),
            "updated": .string(time(task.updated)),
            "key": .string(task.key),
            "status": .string(task.status.directorName),
            "previous": .array(task.parents.compactMap { uuids[$0] }.map { .string(Self.id($0)) }),
            "result": result,
            "is_hook": .bool(task.hook != nil),
        ])
    }

    static func job(_ job: JobRecord, tasks: [TaskRecord]) -> JSON {
        let uuids = Dictionary(uniqueKeysWithValues: tasks.map { ($0.id, $0.uuid) })
        var body = self.job(job)
        body["tasks"] = .array(tasks.map { task($0, uuids: uuids) })
        return .object(body)
    }

    /// `{fullname, project, name, ...}` with the keys written in the YAML; `schema` is the loaded schema.
    static func definition(_ workflow: WorkflowDefinition) -> JSON {
        var body = workflow.source.objectValue ?? [:]
        if let schema = workflow.schema { body["schema"] = schema }
        body["fullname"] = .string(workflow.fullName)
        body["project"] = .string(workflow.project)
        body["name"] = .string(workflow.name)
        return .object(body)
    }

    /// `str(uuid)` in Python: lowercase hex in 8-4-4-4-12 groups. Written digit by digit, as
    /// `uuidString.lowercased()` costs two strings and a Unicode case mapping per id.
    static func id(_ uuid: UUID) -> String {
        withUnsafeBytes(of: uuid.uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { out in
                let hex = hexDigits
                var at = 0
                for index in 0..<16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        out[at] = UInt8(ascii: "-")
                        at += 1
                    }
                    out[at] = hex[Int(bytes[index] >> 4)]
                    out[at + 1] = hex[Int(bytes[index] & 0xF)]
                    at += 2
                }
                return at
            }
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Python's `datetime.isoformat()` of a naive UTC time: microseconds only when non-zero.
    static func time(_ millis: Int64) -> String {
        let f = UTCText.fields(millis)
        let base = UTCText.dateTime(f)
        return f.millisecond == 0 ? base : base + "." + UTCText.digits(f.millisecond * 1000, 6)
    }
}
