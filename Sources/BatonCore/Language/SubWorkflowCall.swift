/// `workflow: project.NAME` on a DAG step (SPEC §13): the step starts a job of that workflow,
/// waits for it, and ends as it ends.
public struct SubWorkflowCall: Sendable, Hashable, Codable {
    /// The child workflow's full name (`project.NAME`).
    public var workflow: String
    /// The child job's payload: a template over `{{job.*}}`, `{{params.*}}`, `{{payload.*}}` and
    /// `{{parents.ID.*}}`, rendered when the step runs. Empty object when not given.
    public var payload: JSON

    public init(workflow: String, payload: JSON = .object([:])) {
        self.workflow = workflow
        self.payload = payload
    }

    /// The comment a child job carries (SPEC §13), linking it to its parent.
    public static func comment(parentJob: String, step: String) -> String {
        "sub-workflow of \(parentJob) step \(step)"
    }
}
