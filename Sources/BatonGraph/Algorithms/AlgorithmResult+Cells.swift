extension AlgorithmResult {
    /// The text of one cell by SPEC §12's rule: a vertex as its id, an integer as an integer, a
    /// real with exactly 6 digits after the point (`0.150000`, rounded half away from zero; a
    /// value that rounds to zero prints unsigned), NaN as `nan`, infinities as `inf`/`-inf`.
    /// Precondition: `row < rowCount`, `column < columns.count`, `graph` is the graph the
    /// result was computed on.
    public func cell(row: Int, column: Int, in graph: Graph) -> String {
        switch columns[column] {
        case .vertices(let vertices): return graph.ids[Int(vertices[row])]
        case .integers(let values): return String(values[row])
        case .reals(let values): return Self.fixed6(values[row])
        }
    }

    /// `x` with 6 digits after the point, without Foundation's `String(format:)`: the integer
    /// part and the scaled fraction are split first so the scaling stays exact for any
    /// magnitude.
    static func fixed6(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        let magnitude = x.magnitude
        var whole = magnitude.rounded(.towardZero)
        var micros = ((magnitude - whole) * 1_000_000).rounded()
        if micros >= 1_000_000 {
            micros -= 1_000_000
            whole += 1
        }
        let negative = x < 0 && (whole > 0 || micros > 0)
        let fraction = String(Int(micros))
        let digits = whole < 9.0e18 ? String(UInt64(whole)) : integerDigits(whole)
        return (negative ? "-" : "") + digits + "." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    /// Exact decimal digits of a whole `Double` too large for `UInt64`: its significand
    /// doubled `exponent` times in base-10^9 limbs.
    private static func integerDigits(_ whole: Double) -> String {
        let significand = whole.significandBitPattern | (1 << 52)
        var limbs: [UInt64] = [significand % 1_000_000_000, significand / 1_000_000_000]
        for _ in 0..<(Int(whole.exponent) - 52) {
            var carry: UInt64 = 0
            for i in limbs.indices {
                let value = limbs[i] * 2 + carry
                limbs[i] = value % 1_000_000_000
                carry = value / 1_000_000_000
            }
            if carry > 0 { limbs.append(carry) }
        }
        while limbs.count > 1 && limbs.last == 0 { limbs.removeLast() }
        var text = String(limbs.last!)
        for limb in limbs.dropLast().reversed() {
            let part = String(limb)
            text += String(repeating: "0", count: 9 - part.count) + part
        }
        return text
    }
}
