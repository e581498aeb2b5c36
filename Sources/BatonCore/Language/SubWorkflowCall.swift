import Foundation

/// `workflow: project.NAME` on a DAG step (SPEC §13): the step starts a job of that workflow,
/// waits for it, and ends as it ends.
public struct SubWorkflowCall: Sendable, Hashable, Codable {
    /// The child workflow's full name (`project.NAME`).
    public var workflow: String
    /// The child job's payload: a template over `{{job.*}}`, `{{params.*}}`, `{{payload.*}}` and
    /// `{{parents.ID.*}}`, rendered when the step runs. Empty object when not given.
    public var payload: JSON
    /// The step's parents' ids in `needs` order, for `{{parents.ID.*}}`.
    public var parentKeys: [String]

    public init(workflow: String, payload: JSON = .object([:]), parentKeys: [String] = []) {
        self.workflow = workflow
        self.payload = payload
        self.parentKeys = parentKeys
    }

    /// The comment a child job carries (SPEC §13), linking it to its parent.
    public static func comment(parentJob: String, step: String) -> String {
        "sub-workflow of \(parentJob) step \(step)"
    }

    /// The parent job's UUID and step a child job's `comment` names, nil for any other comment.
    public static func parent(fromComment comment: String) -> (job: UUID, step: String)? {
        let words = comment.split(separator: " ", maxSplits: 4, omittingEmptySubsequences: false)
        guard words.count == 5, words[0] == "sub-workflow", words[1] == "of", words[3] == "step",
            let job = UUID(uuidString: String(words[2]))
        else { return nil }
        return (job, String(words[4]))
    }
}
