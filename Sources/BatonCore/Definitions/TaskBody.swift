/// What one task does and how it is run: the resolved body of a `tasks.yml` entry,
/// an inline step body, or a registered Swift task.
public struct TaskBody: Sendable, Hashable, Codable {
    public enum Kind: Sendable, Hashable, Codable {
        case shell(ShellCommand)
        case http(HTTPCall)
        /// A task registered in Swift under this name.
        case swift(String)
        /// One read-only statement on a named connection of `baton.yml` (SPEC §12).
        case sql(SQLQuery)
        /// A CSV file under the home, read as the task's rows (SPEC §12).
        case csv(CSVSource)
        /// One of Explorer's graph algorithms on the parents' rows (SPEC §12).
        case algorithm(AlgorithmCall)
        /// A job of another workflow, waited for (SPEC §13).
        case workflow(SubWorkflowCall)

        /// The kind's key in YAML, as metrics' `kind` label and the web page show it.
        public var name: String {
            switch self {
            case .shell: return "shell"
            case .http: return "http"
            case .swift: return "swift"
            case .sql: return "sql"
            case .csv: return "csv"
            case .algorithm: return "algorithm"
            case .workflow: return "workflow"
            }
        }
    }

    public var kind: Kind
    public var env: [String: String]
    public var workdir: String?
    /// Seconds; nil means no limit.
    public var timeout: Double?
    public var retries: Int
    /// Seconds before the first retry; doubled each attempt.
    public var retryDelay: Double
    public var params: [String: JSON]
    /// `when:` (DAG steps only): run only if this holds, else the step is skipped (SPEC §13).
    public var when: StepCondition?
    /// `foreach:` (DAG steps only): the step expands into one instance per item (SPEC §13).
    public var foreach: FanOut?
    /// Set on a fan-out instance: the item it runs on.
    public var item: FanOutItem?
    /// `pool:` — a pool of `baton.yml` bounding how many tasks of it run at once, across
    /// workflows and processes (SPEC §13); nil: none.
    public var pool: String?

    public init(
        kind: Kind, env: [String: String] = [:], workdir: String? = nil, timeout: Double? = nil,
        retries: Int = 0, retryDelay: Double = 0, params: [String: JSON] = [:],
        when: StepCondition? = nil, foreach: FanOut? = nil, item: FanOutItem? = nil,
        pool: String? = nil
    ) {
        self.kind = kind
        self.env = env
        self.workdir = workdir
        self.timeout = timeout
        self.retries = retries
        self.retryDelay = retryDelay
        self.params = params
        self.when = when
        self.foreach = foreach
        self.item = item
        self.pool = pool
    }
}

public enum ShellCommand: Sendable, Hashable, Codable {
    /// Run by `/bin/sh -c`.
    case script(String)
    /// Run directly, no shell.
    case argv([String])
}

public struct HTTPCall: Sendable, Hashable, Codable {
    public var method: String
    public var url: String
    public var headers: [String: String]
    public var body: JSON?

    public init(method: String, url: String, headers: [String: String] = [:], body: JSON? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}
