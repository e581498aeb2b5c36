/// Builds a CSR `Graph` from edge rows, one `addEdge` per row.
///
/// Vertex numbers are dense and follow first appearance (a row's source before its destination);
/// each id is interned once. Edges are kept as flat `Int32` arrays (plus weights once any row
/// gave one), and `build()` lays them out by counting sort, releasing the edge list as it goes, so
/// the peak stays under 48 bytes per edge: at most 1.5 × 16 bytes for the list (it grows by half,
/// not double) next to 24 bytes of CSR.
public struct GraphBuilder {
    public let isDirected: Bool
    private var numbers: [String: Int32] = [:]
    private var ids: [String] = []
    private var idsAreIntegers = true
    private var sources: [Int32] = []
    private var destinations: [Int32] = []
    /// Empty until a row gives a weight; then one entry per row (earlier rows backfilled with 1).
    private var weights: [Double] = []
    private var isWeighted = false

    public init(isDirected: Bool) {
        self.isDirected = isDirected
    }

    /// Number of rows added so far.
    public var edgeCount: Int { sources.count }

    /// Adds one input row. `weight` nil means the row had no weight column (weight 1).
    /// Precondition: fewer than 2^31 distinct ids.
    public mutating func addEdge(source: some StringProtocol, destination: some StringProtocol, weight: Double?) {
        let s = intern(source)
        let d = intern(destination)
        Self.append(s, to: &sources)
        Self.append(d, to: &destinations)
        if let weight {
            if !isWeighted {
                isWeighted = true
                weights.reserveCapacity(sources.capacity)
                weights.append(contentsOf: repeatElement(1, count: sources.count - 1))
            }
            Self.append(weight, to: &weights)
        } else if isWeighted {
            Self.append(1, to: &weights)
        }
    }

    /// The graph of the rows added so far. Leaves the builder empty (its edge list is released
    /// while the CSR arrays are filled).
    public mutating func build() -> Graph {
        var src: [Int32] = []
        var dst: [Int32] = []
        var wts: [Double] = []
        swap(&src, &sources)
        swap(&dst, &destinations)
        swap(&wts, &weights)
        let graphIds = ids
        let integers = idsAreIntegers
        let weighted = isWeighted
        let rows = src.count
        self = GraphBuilder(isDirected: isDirected)

        let vertexCount = graphIds.count
        if isDirected {
            let out = Self.countingSort(vertexCount: vertexCount, sources: src, destinations: dst, weights: wts, symmetric: false)
            src = []
            dst = []
            wts = []
            let inCSR = Self.transpose(vertexCount: vertexCount, out.offsets, out.targets, out.weights)
            return Graph(
                ids: graphIds, idsAreIntegers: integers, isDirected: true, isWeighted: weighted, edgeCount: rows,
                outOffsets: out.offsets, outTargets: out.targets, outWeights: out.weights,
                inOffsets: inCSR.offsets, inTargets: inCSR.targets, inWeights: inCSR.weights)
        } else {
            let both = Self.countingSort(vertexCount: vertexCount, sources: src, destinations: dst, weights: wts, symmetric: true)
            src = []
            dst = []
            wts = []
            return Graph(
                ids: graphIds, idsAreIntegers: integers, isDirected: false, isWeighted: weighted, edgeCount: rows,
                outOffsets: both.offsets, outTargets: both.targets, outWeights: both.weights,
                inOffsets: both.offsets, inTargets: both.targets, inWeights: both.weights)
        }
    }

    private struct CSR {
        var offsets: [Int]
        var targets: [Int32]
        var weights: [Double]
    }

    private mutating func intern(_ id: some StringProtocol) -> Int32 {
        let key = String(id)
        if let number = numbers[key] { return number }
        precondition(ids.count < Int(Int32.max), "too many vertices for Int32 vertex numbers")
        let number = Int32(ids.count)
        numbers[key] = number
        ids.append(key)
        if idsAreIntegers && Int64(key) == nil { idsAreIntegers = false }
        return number
    }

    /// Appends growing capacity by half rather than doubling, to bound the edge list's slack.
    @inline(__always)
    private static func append<T>(_ value: T, to array: inout [T]) {
        if array.count == array.capacity { array.reserveCapacity(array.count + array.count / 2 + 64) }
        array.append(value)
    }

    /// Out-CSR of the edge list by counting sort; each vertex's edges stay in input order.
    /// `symmetric`: every edge also goes the other way (a self-loop only once).
    private static func countingSort(
        vertexCount: Int, sources: [Int32], destinations: [Int32], weights: [Double], symmetric: Bool
    ) -> CSR {
        var offsets = [Int](repeating: 0, count: vertexCount + 1)
        let rows = sources.count
        let weighted = !weights.isEmpty
        sources.withUnsafeBufferPointer { src in
            destinations.withUnsafeBufferPointer { dst in
                offsets.withUnsafeMutableBufferPointer { off in
                    for e in 0..<rows {
                        off[Int(src[e]) + 1] += 1
                        if symmetric && src[e] != dst[e] { off[Int(dst[e]) + 1] += 1 }
                    }
                    for v in 0..<vertexCount { off[v + 1] += off[v] }
                }
            }
        }
        let total = offsets[vertexCount]
        var cursor = offsets
        var targets = [Int32](repeating: 0, count: total)
        var placedWeights = [Double](repeating: 0, count: weighted ? total : 0)
        sources.withUnsafeBufferPointer { src in
            destinations.withUnsafeBufferPointer { dst in
                weights.withUnsafeBufferPointer { w in
                    cursor.withUnsafeMutableBufferPointer { cur in
                        targets.withUnsafeMutableBufferPointer { tgt in
                            placedWeights.withUnsafeMutableBufferPointer { pw in
                                for e in 0..<rows {
                                    let s = Int(src[e])
                                    let d = Int(dst[e])
                                    let p = cur[s]
                                    cur[s] = p + 1
                                    tgt[p] = Int32(d)
                                    if weighted { pw[p] = w[e] }
                                    if symmetric && s != d {
                                        let q = cur[d]
                                        cur[d] = q + 1
                                        tgt[q] = Int32(s)
                                        if weighted { pw[q] = w[e] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return CSR(offsets: offsets, targets: targets, weights: placedWeights)
    }

    /// In-CSR from the out-CSR (so the edge list can be gone by then); a vertex's in-edges come
    /// in order of source vertex number, then input order.
    private static func transpose(vertexCount: Int, _ outOffsets: [Int], _ outTargets: [Int32], _ outWeights: [Double]) -> CSR {
        var offsets = [Int](repeating: 0, count: vertexCount + 1)
        let total = outTargets.count
        let weighted = !outWeights.isEmpty
        outTargets.withUnsafeBufferPointer { tgt in
            offsets.withUnsafeMutableBufferPointer { off in
                for e in 0..<total { off[Int(tgt[e]) + 1] += 1 }
                for v in 0..<vertexCount { off[v + 1] += off[v] }
            }
        }
        var cursor = offsets
        var sources = [Int32](repeating: 0, count: total)
        var inWeights = [Double](repeating: 0, count: weighted ? total : 0)
        outOffsets.withUnsafeBufferPointer { outOff in
            outTargets.withUnsafeBufferPointer { tgt in
                outWeights.withUnsafeBufferPointer { ow in
                    cursor.withUnsafeMutableBufferPointer { cur in
                        sources.withUnsafeMutableBufferPointer { srcOut in
                            inWeights.withUnsafeMutableBufferPointer { iw in
                                for u in 0..<vertexCount {
                                    for e in outOff[u]..<outOff[u + 1] {
                                        let t = Int(tgt[e])
                                        let p = cur[t]
                                        cur[t] = p + 1
                                        srcOut[p] = Int32(u)
                                        if weighted { iw[p] = ow[e] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return CSR(offsets: offsets, targets: sources, weights: inWeights)
    }
}
