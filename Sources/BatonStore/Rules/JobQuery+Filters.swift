import BatonCore

/// One condition of a job list (`WHERE column op value`), decided here for every backend; a
/// backend renders the comparison in its SQL and binds the value (never spliced into the text).
public struct JobFilter: Sendable, Equatable {
    public enum Comparison: Sendable, Equatable {
        case equals
        case atLeast
        case atMost
        /// `value` is a LIKE pattern (`ColumnCoding.containsPattern`, `\` escapes), matched
        /// without regard to case.
        case likeIgnoringCase
    }

    public enum Value: Sendable, Equatable {
        case text(String)
        case integer(Int64)
    }

    /// A column of the `jobs` table.
    public let column: String
    public let comparison: Comparison
    public let value: Value
}

extension JobQuery {
    /// The conditions a job must meet, in this order (an empty `nameContains` filters nothing).
    public var filters: [JobFilter] {
        var filters: [JobFilter] = []
        if let workflow { filters.append(JobFilter(column: "workflow", comparison: .equals, value: .text(workflow))) }
        if let status {
            filters.append(JobFilter(column: "status", comparison: .equals, value: .integer(Int64(status.rawValue))))
        }
        if let nameContains, !nameContains.isEmpty {
            filters.append(
                JobFilter(
                    column: "label", comparison: .likeIgnoringCase,
                    value: .text(ColumnCoding.containsPattern(nameContains))))
        }
        if let createdFrom { filters.append(JobFilter(column: "created", comparison: .atLeast, value: .integer(createdFrom))) }
        if let createdTo { filters.append(JobFilter(column: "created", comparison: .atMost, value: .integer(createdTo))) }
        if let parentTask {
            filters.append(JobFilter(column: "parent_task", comparison: .equals, value: .integer(parentTask)))
        }
        return filters
    }

    /// Whether the list is every job or one workflow's, so its total is a kept count rather than
    /// a count of matching rows.
    public var countsAreKept: Bool { filters.allSatisfy { $0.column == "workflow" } }
}
