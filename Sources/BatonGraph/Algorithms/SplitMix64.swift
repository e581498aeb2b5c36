/// SplitMix64 (Steele, Lea, Flood 2014, "Fast splittable pseudorandom number generators"): a
/// tiny seeded generator, so seeded algorithms give the same result on every run and platform
/// (unlike `SystemRandomNumberGenerator`).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0 ..< bound` by Lemire's multiply-shift (bias below 2^-32 for graph sizes);
    /// spelled out so the sequence does not depend on the standard library's `random(in:)`.
    public mutating func next(below bound: Int) -> Int {
        Int((UInt64(bound).multipliedFullWidth(by: next())).high)
    }

    /// `count` distinct numbers from `0 ..< n`, in the order drawn (a partial Fisher–Yates
    /// shuffle): the sampled sources of Betweenness and pivots of Closeness.
    /// Precondition: `0 <= count <= n`.
    mutating func sample(_ count: Int, of n: Int) -> [Int32] {
        var pool = (0..<Int32(n)).map { $0 }
        for i in 0..<count { pool.swapAt(i, i + next(below: n - i)) }
        return Array(pool[0..<count])
    }
}
