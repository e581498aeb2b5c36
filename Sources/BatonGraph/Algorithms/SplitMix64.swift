/// Steele, Lea and Flood's SplitMix64 (2014): a tiny seeded generator, so that sampled runs
/// (Betweenness CHOSEN, Closeness NUM_SAMPLES) give the same rows for the same SEED on every
/// platform, which Swift's `SystemRandomNumberGenerator` cannot promise.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` distinct numbers from `0 ..< n`, in the order drawn (a partial Fisher–Yates
    /// shuffle). Precondition: `0 <= count <= n`.
    mutating func sample(_ count: Int, of n: Int) -> [Int32] {
        var pool = (0 ..< Int32(n)).map { $0 }
        for i in 0 ..< count {
            let j = i + Int(next(upperBound: UInt64(n - i)))
            pool.swapAt(i, j)
        }
        return Array(pool[0 ..< count])
    }
}
