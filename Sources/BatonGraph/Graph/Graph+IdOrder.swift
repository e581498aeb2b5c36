extension Graph {
    /// Every vertex's rank in SPEC §12's id order (as integers when every id is one, else as
    /// text; equal integers such as `7` and `+7` by vertex number): `idRanks()[a] <
    /// idRanks()[b]` exactly when `a`'s id orders first. One sort, so hot loops compare two
    /// `Int32`s instead of parsing or comparing ids. O(V log V).
    public func idRanks() -> [Int32] {
        var order = Array(0..<Int32(vertexCount))
        if idsAreIntegers {
            let keys = ids.map { Int64($0)! }
            order.sort { keys[Int($0)] != keys[Int($1)] ? keys[Int($0)] < keys[Int($1)] : $0 < $1 }
        } else {
            order.sort { ids[Int($0)] < ids[Int($1)] }
        }
        var ranks = [Int32](repeating: 0, count: vertexCount)
        for (rank, v) in order.enumerated() { ranks[Int(v)] = Int32(rank) }
        return ranks
    }

    /// For a partition given as `group[v]` in `0 ..< groupCount`, each vertex's label: the
    /// member of its group whose id orders first (SPEC §12's component label).
    func smallestMemberLabels(group: [Int32], groupCount: Int) -> [Int32] {
        let ranks = idRanks()
        var smallest = [Int32](repeating: -1, count: groupCount)
        for v in 0..<vertexCount {
            let g = Int(group[v])
            if smallest[g] < 0 || ranks[v] < ranks[Int(smallest[g])] { smallest[g] = Int32(v) }
        }
        return group.map { smallest[Int($0)] }
    }
}
