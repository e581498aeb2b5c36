import BatonCore
import BatonStore
import Foundation

/// The environment a shell task sees (SPEC §3): values reach the process as variables,
/// never pasted into a command line.
enum TaskEnvironment {
    /// Baton's own environment with the task's `env` on top and the `BATON_*` variables on
    /// top of that. Only what the task sets is built per task; Baton's part is formatted once.
    static func make(for task: ClaimedTask, files: AttemptFiles, parentRows: Int) -> ChildEnvironment {
        var environment = task.body.env
        environment["BATON_JOB_ID"] = task.jobUUID.uuidString.lowercased()
        environment["BATON_JOB_NUMBER"] = String(task.job)
        environment["BATON_TASK_ID"] = task.uuid.uuidString.lowercased()
        environment["BATON_TASK_KEY"] = task.key
        environment["BATON_ATTEMPT"] = String(task.attempt)
        environment["BATON_PAYLOAD"] = task.payload.jsonText
        environment["BATON_PARAMS"] = JSON.object(task.body.params).jsonText
        for (name, value) in task.body.params {
            environment["BATON_PARAM_\(variableName(name))"] = value.plainText
        }
        environment["BATON_PARENTS"] = task.parents.jsonText
        environment["BATON_RESULT"] = files.result.path
        environment["BATON_ROWS"] = files.rows.path
        environment["BATON_PARENT_ROWS"] = ParentRows.environmentValue(count: parentRows, files: files)
        if let item = task.body.item {
            environment["BATON_ITEM"] = item.value.jsonText
            environment["BATON_ITEM_INDEX"] = String(item.index)
            for (position, cell) in (item.cells ?? []).enumerated() { environment["BATON_ITEM_\(position)"] = cell }
        }
        // W3C Trace Context for what the command calls; set with tracing off too (see AttemptSpan).
        environment["TRACEPARENT"] = AttemptSpan.traceparent(for: task)
        return ChildEnvironment(base: .inherited, overrides: environment)
    }

    /// Upper-cased; every character outside A–Z and 0–9 becomes `_`.
    static func variableName(_ name: String) -> String {
        String(
            name.uppercased().unicodeScalars.map { scalar -> Character in
                ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) ? Character(scalar) : "_"
            })
    }
}
