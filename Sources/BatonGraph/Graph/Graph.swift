/// A graph in compressed sparse row (CSR) form over dense vertex numbers `0..<vertexCount`.
///
/// Vertex numbers follow the order in which ids first appear in the input rows, so output rows
/// (one per vertex) come out in that order too (SPEC §12). Multi-edges and self-loops are kept
/// exactly as the input gave them; algorithms that want the "undirected simple graph" build it
/// with `SimpleGraph`.
///
/// Layout: the out-edges of `v` are `outTargets[outOffsets[v] ..< outOffsets[v + 1]]`, their
/// weights the same range of `outWeights` (empty when the input had no weight column: every
/// weight is then 1). The in-edges use the same layout. For an undirected graph every input edge
/// appears once in each direction (a self-loop once) and the in-arrays are the out-arrays.
/// Memory: 2 × (4 + 8 if weighted) bytes per edge plus 8 bytes per vertex per offsets array.
public struct Graph: Sendable {
    /// Vertex number → the id it had in the input.
    public let ids: [String]
    /// True when every id is a decimal integer (`Int64`): labels then compare as integers.
    public let idsAreIntegers: Bool
    public let isDirected: Bool
    /// True when at least one input row had a third (weight) column.
    public let isWeighted: Bool
    /// Input rows (edges) counted once each, whatever the direction.
    public let edgeCount: Int

    public let outOffsets: [Int]
    public let outTargets: [Int32]
    public let outWeights: [Double]
    public let inOffsets: [Int]
    public let inTargets: [Int32]
    public let inWeights: [Double]

    public init(
        ids: [String], idsAreIntegers: Bool, isDirected: Bool, isWeighted: Bool, edgeCount: Int,
        outOffsets: [Int], outTargets: [Int32], outWeights: [Double],
        inOffsets: [Int], inTargets: [Int32], inWeights: [Double]
    ) {
        self.ids = ids
        self.idsAreIntegers = idsAreIntegers
        self.isDirected = isDirected
        self.isWeighted = isWeighted
        self.edgeCount = edgeCount
        self.outOffsets = outOffsets
        self.outTargets = outTargets
        self.outWeights = outWeights
        self.inOffsets = inOffsets
        self.inTargets = inTargets
        self.inWeights = inWeights
    }

    public var vertexCount: Int { ids.count }

    /// Range of `v`'s out-edges in `outTargets` / `outWeights`.
    @inline(__always) public func outRange(_ v: Int) -> Range<Int> { outOffsets[v]..<outOffsets[v + 1] }
    /// Range of `v`'s in-edges in `inTargets` / `inWeights`.
    @inline(__always) public func inRange(_ v: Int) -> Range<Int> { inOffsets[v]..<inOffsets[v + 1] }
    /// Weight of the out-edge at index `e` (1 when the graph is unweighted).
    @inline(__always) public func outWeight(_ e: Int) -> Double { isWeighted ? outWeights[e] : 1 }
    /// Weight of the in-edge at index `e` (1 when the graph is unweighted).
    @inline(__always) public func inWeight(_ e: Int) -> Double { isWeighted ? inWeights[e] : 1 }
    /// Number of out-edges of `v` (multi-edges and self-loops counted).
    @inline(__always) public func outDegree(_ v: Int) -> Int { outOffsets[v + 1] - outOffsets[v] }
    /// Number of in-edges of `v`.
    @inline(__always) public func inDegree(_ v: Int) -> Int { inOffsets[v + 1] - inOffsets[v] }

    /// Whether vertex `a`'s id orders before `b`'s: as integers when every id is one, else as
    /// text (SPEC §12's rule for component labels and ties).
    public func idPrecedes(_ a: Int, _ b: Int) -> Bool {
        if idsAreIntegers, let x = Int64(ids[a]), let y = Int64(ids[b]) { return x < y }
        return ids[a] < ids[b]
    }

    /// The vertex number of `id`, or nil when the input never named it. O(V): for parameters
    /// such as ROOT, looked up once per run.
    public func vertex(id: String) -> Int? { ids.firstIndex(of: id) }
}
