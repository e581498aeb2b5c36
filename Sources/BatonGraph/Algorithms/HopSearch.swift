/// A reusable breadth-first search over one CSR direction: the arrays are allocated once and only
/// the visited entries are reset, so V searches cost O(V·E), not O(V²) extra.
struct HopSearch {
    private var distance: [Int32]
    private var queue: [Int32]

    init(vertexCount: Int) {
        distance = [Int32](repeating: -1, count: vertexCount)
        queue = [Int32](repeating: 0, count: vertexCount)
    }

    /// Visits every vertex reachable from `source` within `maxDepth` hops with its hop distance,
    /// in search order (the source first, at 0), and returns how many there were.
    mutating func run(
        offsets: [Int], targets: [Int32], from source: Int, maxDepth: Int32 = .max,
        visit: (Int, Int) -> Void
    ) -> Int {
        var tail = 1
        offsets.withUnsafeBufferPointer { offsets in
            targets.withUnsafeBufferPointer { targets in
                distance.withUnsafeMutableBufferPointer { distance in
                    queue.withUnsafeMutableBufferPointer { queue in
                        distance[source] = 0
                        queue[0] = Int32(source)
                        var head = 0
                        while head < tail {
                            let v = Int(queue[head])
                            head += 1
                            let next = distance[v] + 1
                            if next > maxDepth { break }  // the queue is in depth order: the rest are deeper
                            for e in offsets[v]..<offsets[v + 1] {
                                let w = Int(targets[e])
                                if distance[w] < 0 {
                                    distance[w] = next
                                    queue[tail] = Int32(w)
                                    tail += 1
                                }
                            }
                        }
                        for i in 0..<tail {
                            let v = Int(queue[i])
                            visit(v, Int(distance[v]))
                            distance[v] = -1
                        }
                    }
                }
            }
        }
        return tail
    }
}
