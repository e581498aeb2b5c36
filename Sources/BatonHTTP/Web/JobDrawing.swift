import BatonCore
import BatonStore

/// The nodes of a job's DAG drawing: its tasks, with fan-out instances (SPEC §13) drawn as
/// children of their step, and a large fan-out's instances folded into one summary node.
///
/// Why fold: DAGLayout puts every instance in one layer, and the page scales the whole drawing
/// down to the card's width, so a layer of N boxes is about N × 192 px wide. Past about ten
/// boxes a laptop-wide card shrinks the text below legibility (a fan-out of 200 would be drawn
/// at 3% of its size, every other step with it); one summary node ("load_1[0…199]" with its
/// counts by status) keeps the rest of the graph readable, and the step's panel still lists
/// every instance with its status and a link to it.
struct JobDrawing {
    /// More instances than this are folded into one summary node.
    static let maxDrawnInstances = 10

    /// A fan-out step's folded instances.
    struct Group {
        /// The step's index in the task list.
        var step: Int
        /// Its instances' indices in the task list.
        var instances: [Int]
    }

    /// The layout of `tasks`' nodes followed by `groups`' summary nodes.
    let layout: DAGLayout
    /// For each task, its node in `layout`; nil for a folded instance.
    let nodeOfTask: [Int?]
    let groups: [Group]

    init(_ tasks: [TaskRecord]) {
        let indexOfId = Dictionary(uniqueKeysWithValues: tasks.enumerated().map { ($1.id, $0) })
        var instancesOfStep = [Int: [Int]]()
        for (index, task) in tasks.enumerated() {
            if let step = task.instanceOf.flatMap({ indexOfId[$0] }) { instancesOfStep[step, default: []].append(index) }
        }
        let groups = instancesOfStep.filter { $0.value.count > Self.maxDrawnInstances }
            .map { Group(step: $0.key, instances: $0.value) }.sorted { $0.step < $1.step }
        let folded = Set(groups.flatMap(\.instances))
        var nodeOfTask = [Int?](repeating: nil, count: tasks.count)
        var count = 0
        for index in tasks.indices where !folded.contains(index) {
            nodeOfTask[index] = count
            count += 1
        }
        // For the layout an instance's only parent is its step (whatever its stored parents), so
        // it sits right below it; the step's own children keep their edges from the step.
        var nodes = tasks.enumerated().compactMap { index, task -> DAGLayout.Node? in
            guard nodeOfTask[index] != nil else { return nil }
            let parents = task.instanceOf.flatMap { indexOfId[$0] }.map { [$0] } ?? task.parents.compactMap { indexOfId[$0] }
            return DAGLayout.Node(parents: parents.compactMap { nodeOfTask[$0] }, trailing: task.hook != nil)
        }
        nodes += groups.map { DAGLayout.Node(parents: nodeOfTask[$0.step].map { [$0] } ?? []) }
        layout = DAGLayout(nodes)
        self.nodeOfTask = nodeOfTask
        self.groups = groups
    }

    /// The node of `groups[group]` in `layout`.
    func node(ofGroup group: Int) -> Int { layout.nodes.count - groups.count + group }

    /// Counts of a fan-out's instances by the status the page shows: `ready` counts as pending
    /// and `waiting` as running, as the page draws them.
    static func counts(_ instances: [TaskRecord]) -> [String: JSON] {
        var counts = [String: Int]()
        for task in instances {
            let shown: TaskStatus =
                switch task.status {
                case .ready: .pending
                case .waiting: .running
                default: task.status
                }
            counts[shown.name, default: 0] += 1
        }
        return counts.mapValues { .int($0) }
    }

    /// One colour for a folded fan-out: a failure shows first, then work in progress; all
    /// pending is pending; all finished is canceled if any was, else success.
    static func status(_ instances: [TaskRecord]) -> TaskStatus {
        let statuses = Set(instances.map(\.status))
        if statuses.contains(.failed) { return .failed }
        if !statuses.isDisjoint(with: [.running, .waiting]) { return .running }
        if statuses.isSubset(of: [.pending, .ready]) { return .pending }
        if !statuses.isDisjoint(with: [.pending, .ready]) { return .running }
        return statuses.contains(.canceled) ? .canceled : .success
    }
}
