@testable import BatonHTTP
import Testing

@Suite struct DAGLayoutTests {
    typealias Node = DAGLayout.Node

    /// No two node boxes share a point.
    func expectNoOverlap(_ layout: DAGLayout, sourceLocation: SourceLocation = #_sourceLocation) {
        for (i, a) in layout.nodes.enumerated() {
            for b in layout.nodes[(i + 1)...] {
                let apart =
                    a.x + DAGLayout.nodeWidth <= b.x || b.x + DAGLayout.nodeWidth <= a.x
                    || a.y + DAGLayout.nodeHeight <= b.y || b.y + DAGLayout.nodeHeight <= a.y
                #expect(apart, "\(a) overlaps \(b)", sourceLocation: sourceLocation)
            }
        }
    }

    /// Every edge leaves the bottom of its parent above the top of its child.
    func expectDownward(_ layout: DAGLayout, sourceLocation: SourceLocation = #_sourceLocation) {
        for edge in layout.edges {
            let from = layout.nodes[edge.from]
            let to = layout.nodes[edge.to]
            #expect(from.y + DAGLayout.nodeHeight < to.y, "edge \(edge) points up", sourceLocation: sourceLocation)
        }
    }

    /// Every node box is inside the drawing.
    func expectInside(_ layout: DAGLayout, sourceLocation: SourceLocation = #_sourceLocation) {
        for node in layout.nodes {
            #expect(node.x >= 0 && node.y >= 0, sourceLocation: sourceLocation)
            #expect(
                node.x + DAGLayout.nodeWidth <= layout.width && node.y + DAGLayout.nodeHeight <= layout.height,
                sourceLocation: sourceLocation)
        }
    }

    func check(_ input: [Node]) -> DAGLayout {
        let layout = DAGLayout(input)
        expectNoOverlap(layout)
        expectDownward(layout)
        expectInside(layout)
        return layout
    }

    @Test func chainIsOneColumn() {
        let layout = check([Node(parents: []), Node(parents: [0]), Node(parents: [1])])
        #expect(layout.nodes.map(\.layer) == [0, 1, 2])
        #expect(Set(layout.nodes.map(\.x)).count == 1)
        #expect(layout.edges == [.init(from: 0, to: 1), .init(from: 1, to: 2)])
    }

    @Test func groupSitsSideBySideBetweenItsParentAndChild() {
        // Director's example.ETL: EXTRACT -> (A, B) -> LOAD.
        let layout = check([Node(parents: []), Node(parents: [0]), Node(parents: [0]), Node(parents: [1, 2])])
        #expect(layout.nodes.map(\.layer) == [0, 1, 1, 2])
        #expect(layout.nodes[1].y == layout.nodes[2].y)
        #expect(layout.nodes[1].x < layout.nodes[2].x)
        // The join is centred under the group, and the root above it.
        #expect(layout.nodes[0].x == layout.nodes[3].x)
        #expect(layout.edges.count == 4)
    }

    @Test func aNodeSitsBelowItsDeepestParent() {
        // 0 -> 1 -> 2, and 0 -> 2 directly: 2 is in layer 2, the long edge still points down.
        let layout = check([Node(parents: []), Node(parents: [0]), Node(parents: [0, 1])])
        #expect(layout.nodes.map(\.layer) == [0, 1, 2])
        #expect(layout.edges.count == 3)
    }

    @Test func hooksGoInALayerOfTheirOwnBelowEverything() {
        let layout = check([
            Node(parents: []), Node(parents: [0]), Node(parents: [], trailing: true),
            Node(parents: [], trailing: true),
        ])
        #expect(layout.nodes.map(\.layer) == [0, 1, 2, 2])
        #expect(layout.edges.count == 1)
    }

    @Test func childrenAreOrderedUnderTheirParents() {
        // Two independent chains given interleaved: each child stays under its own parent.
        let layout = check([Node(parents: []), Node(parents: []), Node(parents: [1]), Node(parents: [0])])
        #expect(layout.nodes[3].x == layout.nodes[0].x)
        #expect(layout.nodes[2].x == layout.nodes[1].x)
    }

    @Test func wideAndDeepGraphsNeverOverlap() {
        // A pseudo-random DAG: every node waits for up to three earlier ones.
        var seed: UInt64 = 42
        func next(_ bound: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(bound))
        }
        var input: [Node] = []
        for index in 0..<60 {
            let parents = index == 0 ? [] : Array(Set((0..<next(4)).map { _ in next(index) })).sorted()
            input.append(Node(parents: parents))
        }
        input.append(Node(parents: [], trailing: true))
        let layout = check(input)
        #expect(layout == DAGLayout(input), "the layout is deterministic")
        for (child, node) in input.enumerated() {
            for parent in node.parents { #expect(layout.nodes[parent].layer < layout.nodes[child].layer) }
        }
    }

    @Test func emptyAndCyclicInputsDoNotHang() {
        let empty = DAGLayout([])
        #expect(empty.nodes.isEmpty && empty.width == 0 && empty.height == 0)
        // A cycle cannot come from a validated definition; the layout still ends and keeps boxes apart.
        let cyclic = DAGLayout([Node(parents: [1]), Node(parents: [0]), Node(parents: [7])])
        expectNoOverlap(cyclic)
        expectDownward(cyclic)
    }
}
