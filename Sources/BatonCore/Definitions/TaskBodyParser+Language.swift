import Yams

/// The body keys of SPEC §13's workflow language: the `workflow` kind (with its `payload`) and
/// `pool`. Whether the named workflow exists is checked once every workflow is parsed
/// (`SubWorkflowCheck`).
extension TaskBodyParser {
    func subWorkflow(_ node: Node, line: Int?, payload: Node?, payloadLine: Int?) -> TaskBody.Kind? {
        guard let name = node.plainString, WorkflowName.split(name) != nil else {
            report(line, "workflow", "must be a workflow name, project.NAME")
            return nil
        }
        guard let payload else { return .workflow(SubWorkflowCall(workflow: name)) }
        guard case .mapping = payload else {
            report(payloadLine ?? line, "payload", "must be a mapping: the child job's payload, a template")
            return nil
        }
        return .workflow(SubWorkflowCall(workflow: name, payload: payload.json))
    }

    func pool(_ node: Node, line: Int?) -> String? {
        guard let name = node.plainString, !name.isEmpty else {
            report(line, "pool", "must be a pool name of baton.yml's 'pools'")
            return nil
        }
        if let pools, !pools.contains(name) {
            let known = pools.isEmpty ? "baton.yml declares none" : "known: \(pools.sorted().joined(separator: ", "))"
            report(line, "pool", "unknown pool '\(name)' (\(known))")
            return nil
        }
        return name
    }
}
