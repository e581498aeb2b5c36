/// Rows read a page at a time from several sources in turn (a task's parents, in `previous`
/// order), so a consumer sees every row without the whole set ever being in memory: at most
/// one page (`pageSize` rows) is held at once.
///
/// `page(source, offset, limit)` returns up to `limit` rows of source `source` (0 ..<
/// `sources`) starting at row `offset`; fewer than `limit` means that source has ended.
public struct RowSequence: AsyncSequence, Sendable {
    public typealias Element = [String]
    public typealias Page = @Sendable (_ source: Int, _ offset: Int, _ limit: Int) async throws -> [[String]]

    /// Sources read in order.
    public let sources: Int
    /// Rows fetched per call of `page`.
    public let pageSize: Int
    private let page: Page

    public init(sources: Int, pageSize: Int = 10_000, page: @escaping Page) {
        self.sources = sources
        self.pageSize = Swift.max(1, pageSize)
        self.page = page
    }

    /// No rows at all (a task without parents).
    public static let empty = RowSequence(sources: 0) { _, _, _ in [] }

    public func makeAsyncIterator() -> Iterator {
        Iterator(sequence: self)
    }

    public struct Iterator: AsyncIteratorProtocol {
        let sequence: RowSequence
        private var source = 0
        private var offset = 0
        private var buffer: [[String]] = []
        private var position = 0
        private var sourceEnded = false

        init(sequence: RowSequence) { self.sequence = sequence }

        public mutating func next() async throws -> [String]? {
            while position == buffer.count {
                if sourceEnded {
                    source += 1
                    offset = 0
                    sourceEnded = false
                }
                guard source < sequence.sources else { return nil }
                try Task.checkCancellation()
                buffer = try await sequence.page(source, offset, sequence.pageSize)
                position = 0
                offset += buffer.count
                if buffer.count < sequence.pageSize { sourceEnded = true }
            }
            defer { position += 1 }
            return buffer[position]
        }
    }
}
