/// Graph checks on step dependencies, kept apart from running them.
public enum GraphCheck {
    /// A cycle as a list of step indices (first repeated at the end), or nil if the graph is acyclic.
    public static func cycle(in needs: [[Int]]) -> [Int]? {
        enum Mark { case unvisited, visiting, done }
        var marks = Array(repeating: Mark.unvisited, count: needs.count)
        var stack: [Int] = []

        func visit(_ node: Int) -> [Int]? {
            switch marks[node] {
            case .done: return nil
            case .visiting:
                let start = stack.firstIndex(of: node)!
                return Array(stack[start...]) + [node]
            case .unvisited:
                marks[node] = .visiting
                stack.append(node)
                for parent in needs[node] {
                    if let cycle = visit(parent) { return cycle }
                }
                stack.removeLast()
                marks[node] = .done
                return nil
            }
        }

        for node in needs.indices {
            if let cycle = visit(node) { return cycle.reversed() }
        }
        return nil
    }
}
