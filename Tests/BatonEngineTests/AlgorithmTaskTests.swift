import Baton
import BatonCore
import BatonEngine
import BatonStore
import BatonTestSupport
import Foundation
import Testing

private let tasks = #"""
    EDGES:
      csv: {path: data/edges.csv}
    RANK:
      algorithm: pagerank
      params: {iterations: 10, Damping: 0.85}
    BAD_ROWS:
      shell: |
        printf 'a,b\nb,c,heavy\n' > "$BATON_ROWS"
    """#

private let workflows = """
    graph.RANK:
      tasks:
        - {id: edges, task: EDGES}
        - {id: pagerank_1, needs: [edges], task: RANK}
        - {id: degree_1, needs: [edges], algorithm: DEGREECENTRALITY}
        - {id: wcc_1, needs: [edges], algorithm: wcc, params: {is_directed: false}}
    graph.BAD:
      tasks:
        - {id: bad, task: BAD_ROWS}
        - {id: rank, needs: [bad], algorithm: PageRank}
    """

/// player110 links to player100, nothing links to player110: its PageRank is 1 − 0.85.
private let edges = "player100,player101\nplayer101,player100\nplayer110,player100\nplayer102,player101\n"

@Suite struct AlgorithmTaskTests {
    func home() async throws -> TestHome {
        let home = try await TestHome(workflows: workflows, tasks: tasks)
        try FileManager.default.createDirectory(atPath: home.path("data"), withIntermediateDirectories: true)
        try edges.write(toFile: home.path("data/edges.csv"), atomically: true, encoding: .utf8)
        return home
    }

    func rows(_ home: TestHome, _ task: TaskRecord) async throws -> [[String]] {
        try await home.store.taskRows(task: task.id, offset: 0, limit: 1000)
    }

    @Test func csvRowsFeedPageRankDegreeAndWCC() async throws {
        let home = try await home()
        let (job, list) = try await home.run("graph.RANK")
        #expect(job.status == .success, "\(list.compactMap(\.error?.exception))")
        let rank = try await rows(home, list.named("pagerank_1"))
        #expect(rank.count == 4)
        #expect(rank.first { $0[0] == "player110" } == ["player110", "0.150000"])
        #expect(rank.map(\.[0]) == ["player100", "player101", "player110", "player102"])
        let result = try #require(list.named("pagerank_1").result)
        #expect(result["vertices"] == 4)
        #expect(result["edges"] == 4)
        #expect(result["load_seconds"]?.doubleValue != nil)
        #expect(result["seconds"]?.doubleValue != nil)

        let degree = try await rows(home, list.named("degree_1"))
        #expect(degree.first == ["player100", "3", "1", "2"])
        let wcc = try await rows(home, list.named("wcc_1"))
        #expect(Set(wcc.map(\.[1])) == ["player100"])
    }

    @Test func paramsAreCompletedWithDefaultsAtLoad() async throws {
        let home = try await home()
        let step = try #require(home.definitions.workflow(named: "graph.RANK")?.steps.first { $0.key == "pagerank_1" })
        #expect(step.body.params == ["ITERATIONS": 10, "DAMPING": 0.85, "EPS": 0.0001, "IS_DIRECTED": true])
    }

    @Test func inputOverridesInAnyCaseAndIsTypeChecked() async throws {
        let home = try await home()
        let (job, list) = try await home.run("graph.RANK", input: ["pagerank_1": ["iterations": "1"]])
        #expect(job.status == .success)
        // One round from 1.0: player110 has 0.15 already, player100 gets 0.15 + 0.85 * (1 + 1).
        let rank = try await rows(home, list.named("pagerank_1"))
        #expect(rank.first { $0[0] == "player100" } == ["player100", "1.850000"])

        await #expect(throws: SubmissionError.self) {
            _ = try await home.service().start(
                workflow: "graph.RANK", payload: [:], input: ["pagerank_1": ["ITERATIONS": "many"]])
        }
        await #expect(throws: SubmissionError.self) {
            _ = try await home.service().start(workflow: "graph.RANK", payload: [:], input: ["pagerank_1": ["ROOT": "x"]])
        }
        #expect(try await home.store.jobList(JobQuery()).total == 1)
    }

    @Test func aBadRowFailsTheTaskNamingIt() async throws {
        let home = try await home()
        let (job, list) = try await home.run("graph.BAD")
        #expect(job.status == .failed)
        let message = list.named("rank").error?.exception ?? ""
        #expect(message.contains("row 2"), "\(message)")
        #expect(message.contains("heavy"), "\(message)")
    }

    @Test func loadErrorsNameFileWorkflowTaskAndField() async throws {
        let cases: [(tasks: String, workflows: String, expected: [String])] = [
            (
                "", "w.A:\n  tasks:\n    - {id: a, algorithm: PageRankk}\n",
                ["workflows.yml", "workflow w.A", "task a", "field 'algorithm'", "unknown algorithm 'PageRankk'"]
            ),
            (
                "", "w.A:\n  tasks:\n    - {id: a, algorithm: PageRank, params: {ITERATION: 3}}\n",
                ["workflows.yml", "workflow w.A", "task a", "field 'params.ITERATION'"]
            ),
            (
                "R:\n  algorithm: PageRank\n  params: {damping: high}\n", "w.A:\n  tasks: [R]\n",
                ["tasks.yml", "task R", "field 'params.DAMPING'", "high"]
            ),
            (
                "", "w.A:\n  tasks:\n    - {id: a, algorithm: LPA, params: {is_directed: sometimes}}\n",
                ["workflows.yml", "task a", "field 'params.IS_DIRECTED'"]
            ),
            (
                "R:\n  algorithm: PageRank\n", "w.A:\n  tasks:\n    - {id: a, task: R, params: {Iterations: x}}\n",
                ["workflows.yml", "workflow w.A", "task a", "field 'params.ITERATIONS'"]
            ),
        ]
        for (tasks, workflows, expected) in cases {
            do {
                _ = try DefinitionLoader.load(
                    DefinitionSources(workflows: workflows, tasks: tasks), swiftTasks: [],
                    schema: { .missing(path: $0) })
                Issue.record("loaded: \(workflows)")
            } catch {
                let text = "\(error)"
                for part in expected { #expect(text.contains(part), "\(text) lacks \(part)") }
            }
        }
    }
}
