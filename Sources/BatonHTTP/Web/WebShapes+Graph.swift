import BatonCore
import BatonStore

/// What the task panel needs to name and draw a task's rows (SPEC §12): the task's kind, and for
/// an algorithm task its name and output columns.
extension WebShapes {
    /// `kind`, plus `algorithm` and `columns` for an algorithm task, read from the job's workflow
    /// as loaded now with the job's input applied, as the planner applies it. Empty when the
    /// workflow or step is gone (a job outlives a definition change); the page then shows
    /// numbered columns.
    static func dataShape(_ task: TaskRecord, job: JobRecord, definition: WorkflowDefinition?) -> [String: JSON] {
        guard let definition, definition.steps.indices.contains(task.position) else { return [:] }
        let step = definition.steps[task.position]
        guard step.key == task.key else { return [:] }
        var shape: [String: JSON] = ["kind": .string(step.body.kind.name)]
        if case .algorithm(let call) = step.body.kind {
            shape["algorithm"] = .string(call.name)
            let params = AlgorithmBinding.override(step.body.params, with: job.input[task.key] ?? [:])
            if let columns = AlgorithmBinding.columns(algorithm: call.name, params: params) {
                shape["columns"] = .array(columns.map(JSON.string))
            }
        }
        return shape
    }
}
