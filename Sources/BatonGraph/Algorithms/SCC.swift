/// Strongly connected components by Tarjan's algorithm (Tarjan 1972), run with an explicit
/// stack instead of recursion so a path of 10^6 edges cannot overflow the thread's stack. O(V + E).
/// On an undirected graph every edge goes both ways, so the components are the connected ones.
///
/// Rows: `VID`, `LABEL` for every vertex; LABEL is the component's vertex whose id orders first
/// (as integers when every id is one, else as text). Reports `components`.
public enum SCC: GraphAlgorithm {
    public static let name = "SCC"
    public static let parameters: [AlgorithmParameter] = []

    public static func run(on graph: Graph, parameters: AlgorithmParameters) throws -> AlgorithmResult {
        let n = graph.vertexCount
        var index = [Int32](repeating: -1, count: n)
        var low = [Int32](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var component = [Int32](repeating: -1, count: n)
        // Tarjan's stack of visited vertices not yet in a component.
        var stack: [Int32] = []
        // The simulated call stack: a vertex and the next of its out-edges to look at.
        var calls: [Int32] = []
        var nextEdge: [Int] = []
        var counter: Int32 = 0
        var count: Int32 = 0
        let offsets = graph.outOffsets
        let targets = graph.outTargets

        for root in 0..<n where index[root] < 0 {
            index[root] = counter
            low[root] = counter
            counter += 1
            stack.append(Int32(root))
            onStack[root] = true
            calls.append(Int32(root))
            nextEdge.append(offsets[root])
            while let top = calls.last {
                let v = Int(top)
                let e = nextEdge[nextEdge.count - 1]
                if e < offsets[v + 1] {
                    nextEdge[nextEdge.count - 1] = e + 1
                    let w = Int(targets[e])
                    if index[w] < 0 {
                        index[w] = counter
                        low[w] = counter
                        counter += 1
                        stack.append(Int32(w))
                        onStack[w] = true
                        calls.append(Int32(w))
                        nextEdge.append(offsets[w])
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                    continue
                }
                calls.removeLast()
                nextEdge.removeLast()
                if low[v] == index[v] {
                    while true {
                        let w = Int(stack.removeLast())
                        onStack[w] = false
                        component[w] = count
                        if w == v { break }
                    }
                    count += 1
                }
                if let caller = calls.last { low[Int(caller)] = min(low[Int(caller)], low[v]) }
            }
        }
        return AlgorithmResult(
            names: ["VID", "LABEL"],
            columns: [
                .vertices(Array(0..<Int32(n))), .vertices(graph.smallestMemberLabels(group: component, groupCount: Int(count))),
            ],
            report: ["components": .integer(Int(count))])
    }
}
