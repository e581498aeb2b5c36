import Baton
import BatonCore
import BatonEngine
import BatonStore
import BatonTestSupport
import Foundation
import Testing

private let tasks = #"""
    LEFT:
      shell: |
        printf 'a,1\n"b, with comma",2\n' > "$BATON_ROWS"
    RIGHT:
      shell: |
        printf 'c,3\n' > "$BATON_ROWS"
    NO_ROWS:
      shell: 'true'
    COPY:
      shell: |
        cat "$BATON_PARENT_ROWS" > "$BATON_ROWS"
        printf '{"path": "%s"}' "$BATON_PARENT_ROWS" > "$BATON_RESULT"
    MANY:
      shell: |
        seq 1 "$BATON_PARAM_N" | awk '{print $1 "," $1 * 2}' > "$BATON_ROWS"
      params: {n: 200000}
    COUNT:
      shell: |
        printf '{"lines": %d}' "$(wc -l < "$BATON_PARENT_ROWS")" > "$BATON_RESULT"
    """#

private let workflows = """
    rows.TWO:
      tasks:
        - {id: left, task: LEFT}
        - {id: right, task: RIGHT}
        - {id: none, task: NO_ROWS}
        - {id: child, task: COPY, needs: [right, none, left]}
    rows.ORPHAN:
      tasks:
        - {id: alone, task: COPY}
    rows.QUIET:
      tasks:
        - {id: quiet, task: NO_ROWS}
        - {id: after, task: COPY, needs: [quiet]}
    rows.LARGE:
      tasks:
        - {id: many, task: MANY}
        - {id: count, task: COUNT, needs: [many]}
        - {id: swift_count, task: SWIFT_COUNT, needs: [many]}
    """

@Suite struct ParentRowsTests {
    func home(settings: String = "") async throws -> TestHome {
        var registry = TaskRegistry()
        registry.register("SWIFT_COUNT") { context in
            var count = 0
            var sum = 0
            for try await row in context.parentRows {
                count += 1
                sum += Int(row[1]) ?? 0
            }
            return ["rows": .int(count), "sum": .int(sum)]
        }
        return try await TestHome(workflows: workflows, tasks: tasks, registry: registry, settings: settings)
    }

    @Test func shellChildReadsEveryParentsRowsInPreviousOrder() async throws {
        let home = try await home()
        let (job, list) = try await home.run("rows.TWO")
        #expect(job.status == .success)
        let child = list.named("child")
        let rows = try await home.store.taskRows(task: child.id, offset: 0, limit: 100)
        #expect(rows == [["c", "3"], ["a", "1"], ["b, with comma", "2"]])
        #expect(child.result?["path"]?.stringValue?.hasSuffix(".parents.csv") == true)
    }

    @Test func childOfParentsWithoutRowsReadsAnEmptyFile() async throws {
        let home = try await home()
        let (job, list) = try await home.run("rows.QUIET")
        #expect(job.status == .success)
        #expect(list.named("after").result?["path"] == "/dev/null")
        #expect(try await home.store.taskRows(task: list.named("after").id, offset: 0, limit: 10).isEmpty)
    }

    @Test func taskWithoutParentsReadsAnEmptyFile() async throws {
        let home = try await home()
        let (job, list) = try await home.run("rows.ORPHAN")
        #expect(job.status == .success)
        #expect(list.named("alone").result?["path"] == "/dev/null")
        #expect(try await home.store.taskRows(task: list.named("alone").id, offset: 0, limit: 10).isEmpty)
    }

    @Test func largeParentFeedsShellAndSwiftChildren() async throws {
        let home = try await home()
        let (job, list) = try await home.run("rows.LARGE", timeout: .seconds(120))
        #expect(job.status == .success)
        #expect(list.named("count").result?["lines"] == 200_000)
        #expect(list.named("swift_count").result?["rows"] == 200_000)
        #expect(list.named("swift_count").result?["sum"] == .int(200_000 * 200_001))
    }

    /// The same rows through a PostgreSQL store (its claims carry the parents' ids too).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["BATON_TEST_POSTGRES"] != nil, "set BATON_TEST_POSTGRES"))
    func parentsRowsOnPostgreSQL() async throws {
        let schema = "rows_\(UUID().uuidString.prefix(8).lowercased())"
        let url = ProcessInfo.processInfo.environment["BATON_TEST_POSTGRES"]! + "?schema=\(schema)"
        let home = try await home(settings: "database: \"\(url)\"\n")
        let (job, list) = try await home.run("rows.TWO")
        #expect(job.status == .success)
        #expect(
            try await home.store.taskRows(task: list.named("child").id, offset: 0, limit: 100)
                == [["c", "3"], ["a", "1"], ["b, with comma", "2"]])
        let (large, tasks) = try await home.run("rows.LARGE", input: ["many": ["n": 30000]], timeout: .seconds(120))
        #expect(large.status == .success)
        #expect(tasks.named("count").result?["lines"] == 30_000)
        #expect(tasks.named("swift_count").result?["rows"] == 30_000)
    }
}
