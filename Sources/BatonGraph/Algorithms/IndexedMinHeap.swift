/// A binary min-heap of vertices keyed by tentative distance, with decrease-key through a
/// position index (Dijkstra 1959 with Williams's heap): at most V entries, O(log V) per
/// operation, no duplicate entries. Among equal keys any may pop first.
struct IndexedMinHeap {
    private var heap: [Int32] = []
    /// Where each vertex sits in `heap`, -1 when absent.
    private var position: [Int32]
    private(set) var key: [Double]

    init(vertexCount: Int) {
        position = [Int32](repeating: -1, count: vertexCount)
        key = [Double](repeating: .infinity, count: vertexCount)
        heap.reserveCapacity(min(vertexCount, 1 << 16))
    }

    var isEmpty: Bool { heap.isEmpty }

    /// Lowers `v`'s key to `k` (inserting `v` if absent). Precondition: `k` below its key.
    mutating func decrease(_ v: Int, to k: Double) {
        key[v] = k
        var i: Int
        if position[v] < 0 {
            i = heap.count
            heap.append(Int32(v))
        } else {
            i = Int(position[v])
        }
        while i > 0 {
            let parent = (i - 1) / 2
            let p = Int(heap[parent])
            if key[p] <= k { break }
            heap[i] = Int32(p)
            position[p] = Int32(i)
            i = parent
        }
        heap[i] = Int32(v)
        position[v] = Int32(i)
    }

    /// Removes and returns the vertex of least key. Precondition: not empty.
    mutating func popMin() -> Int {
        let top = Int(heap[0])
        position[top] = -1
        let last = Int(heap.removeLast())
        if heap.isEmpty { return top }
        let k = key[last]
        let count = heap.count
        var i = 0
        while true {
            var child = 2 * i + 1
            if child >= count { break }
            if child + 1 < count && key[Int(heap[child + 1])] < key[Int(heap[child])] { child += 1 }
            let c = Int(heap[child])
            if key[c] >= k { break }
            heap[i] = Int32(c)
            position[c] = Int32(i)
            i = child
        }
        heap[i] = Int32(last)
        position[last] = Int32(i)
        return top
    }
}
