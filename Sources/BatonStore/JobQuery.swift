import BatonCore

/// Which jobs to list, newest first unless `ascending`.
public struct JobQuery: Sendable {
    public var workflow: String?
    public var status: JobStatus?
    /// Case-insensitive substring of the job's display name `<workflow>_<yyyyMMddHHmmss>`.
    public var nameContains: String?
    public var createdFrom: Int64?
    public var createdTo: Int64?
    /// Only the child jobs a sub-workflow step (this `TaskRecord.id`) started (SPEC §13).
    public var parentTask: Int64?
    public var ascending: Bool
    public var offset: Int
    public var limit: Int

    public init(
        workflow: String? = nil, status: JobStatus? = nil, nameContains: String? = nil,
        createdFrom: Int64? = nil, createdTo: Int64? = nil, parentTask: Int64? = nil, ascending: Bool = false,
        offset: Int = 0, limit: Int = 100
    ) {
        self.workflow = workflow
        self.status = status
        self.nameContains = nameContains
        self.createdFrom = createdFrom
        self.createdTo = createdTo
        self.parentTask = parentTask
        self.ascending = ascending
        self.offset = offset
        self.limit = limit
    }
}

public struct JobPage: Sendable {
    public var jobs: [JobRecord]
    public var total: Int
    public init(jobs: [JobRecord], total: Int) {
        self.jobs = jobs
        self.total = total
    }
}
