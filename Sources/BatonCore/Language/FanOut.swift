/// `foreach:` on a DAG step (SPEC §13): one instance of the step per item, keyed `step[i]`.
public struct FanOut: Sendable, Hashable, Codable {
    public enum Source: Sendable, Hashable, Codable {
        /// Each row of a parent's result rows (`{rows: ID}`); `parent` is its position in `needs`.
        case rows(parent: Int, parentKey: String)
        /// Each item of a JSON array in a parent's result (`{result: ID, path: a.b}`).
        case result(parent: Int, parentKey: String, path: [String])
        /// Each item of a JSON array in the job's payload (`{payload: a.b}`).
        case payload(path: [String])
    }

    public var source: Source
    /// Instances running at once; nil: no bound.
    public var concurrency: Int?

    public init(source: Source, concurrency: Int? = nil) {
        self.source = source
        self.concurrency = concurrency
    }

    /// The instance key of item `index` of step `key`: `load_1[3]`.
    public static func instanceKey(_ key: String, index: Int) -> String {
        "\(key)[\(index)]"
    }

    /// `max_fanout` when `baton.yml` does not set it.
    public static let defaultMaxFanout = 10_000
}

/// The item one fan-out instance runs on: what `BATON_ITEM`, `BATON_ITEM_INDEX` and
/// `BATON_ITEM_0`, `BATON_ITEM_1`, … show it (SPEC §13).
public struct FanOutItem: Sendable, Hashable, Codable {
    /// 0-based position among the step's items.
    public var index: Int
    /// The item as JSON; for a row, an array of its cells as strings.
    public var value: JSON
    /// A row's cells (rows only).
    public var cells: [String]?

    public init(index: Int, value: JSON, cells: [String]? = nil) {
        self.index = index
        self.value = value
        self.cells = cells
    }
}
