/// A workflow's full name, `project.NAME`: the project ends at the first dot, the name after it
/// may itself contain dots (SPEC §3).
enum WorkflowName {
    /// The project and the name, or nil when either would be empty.
    static func split(_ fullName: String) -> (project: String, name: String)? {
        guard let dot = fullName.firstIndex(of: "."), dot != fullName.startIndex,
            dot != fullName.index(before: fullName.endIndex)
        else { return nil }
        return (String(fullName[..<dot]), String(fullName[fullName.index(after: dot)...]))
    }
}
