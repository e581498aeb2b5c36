import Baton
import BatonCore
import BatonEngine
import BatonStore
import BatonTestSupport
import Foundation
import Testing

/// `sql` tasks on a PostgreSQL connection (`BATON_TEST_POSTGRES`); the jobs themselves are kept
/// in the test home's SQLite store.
@Suite(
    .enabled(
        if: ProcessInfo.processInfo.environment["BATON_TEST_POSTGRES"] != nil,
        "set BATON_TEST_POSTGRES to a PostgreSQL address"))
struct SQLPostgresTests {
    static let tasks = #"""
        SERIES:
          sql:
            connection: dw
            query: "SELECT g AS n, g * 2 AS doubled, NULL::text AS nothing, :label AS label FROM generate_series(1, :count::int) AS g"
          params: {count: 3, label: "x' OR '1'='1"}
        CREATE:
          sql: {connection: dw, query: "CREATE TABLE baton_sql_probe (x int)"}
        SLEEP:
          sql: {connection: dw, query: "SELECT pg_sleep(30)"}
          timeout: 0.5
        SETTINGS:
          sql: {connection: dw, query: "SELECT current_setting('statement_timeout'), current_setting('transaction_read_only')"}
          timeout: 120
        """#

    static let workflows = """
        pg.SERIES:
          tasks:
            - {id: series, task: SERIES}
        pg.CREATE:
          tasks:
            - {id: create, task: CREATE}
        pg.SLEEP:
          tasks:
            - {id: sleep, task: SLEEP}
        pg.SETTINGS:
          tasks:
            - {id: settings, task: SETTINGS}
        """

    func home(url: String = ProcessInfo.processInfo.environment["BATON_TEST_POSTGRES"]!) async throws -> TestHome {
        try await TestHome(workflows: Self.workflows, tasks: Self.tasks, settings: "connections:\n  dw: \"\(url)\"\n")
    }

    @Test func rowsParamsAndInput() async throws {
        let home = try await home()
        let (job, list) = try await home.run("pg.SERIES", input: ["series": ["count": 2]])
        #expect(job.status == .success, "\(list.named("series").error?.exception ?? "")")
        let rows = try await home.store.taskRows(task: list.named("series").id, offset: 0, limit: 10)
        #expect(rows == [["1", "2", "", "x' OR '1'='1"], ["2", "4", "", "x' OR '1'='1"]])
        #expect(list.named("series").result == ["rows": 2, "columns": ["n", "doubled", "nothing", "label"]])
    }

    @Test func writesAreRefused() async throws {
        let home = try await home()
        let (job, list) = try await home.run("pg.CREATE")
        #expect(job.status == .failed)
        #expect(
            list.named("create").error?.exception.contains("read-only") == true, "\(list.named("create").error?.exception ?? "")")
    }

    @Test func statementTimeoutStopsTheQuery() async throws {
        let home = try await home()
        let (job, list) = try await home.run("pg.SLEEP", timeout: .seconds(60))
        #expect(job.status == .failed)
        // The server's statement timeout and the attempt's own deadline are the same: either ends it.
        let message = list.named("sleep").error?.exception ?? ""
        #expect(message.contains("statement timeout") || message.contains("timed out"), "\(message)")
        let task = list.named("sleep")
        #expect((task.ended ?? .max) - (task.started ?? 0) < 20_000)
    }

    @Test func theTransactionIsReadOnlyWithTheTimeoutAsStatementTimeout() async throws {
        let home = try await home()
        let (job, list) = try await home.run("pg.SETTINGS")
        #expect(job.status == .success, "\(list.named("settings").error?.exception ?? "")")
        #expect(try await home.store.taskRows(task: list.named("settings").id, offset: 0, limit: 10) == [["2min", "on"]])
    }

    @Test func aWrongPasswordIsNeverShown() async throws {
        var components = URLComponents(string: ProcessInfo.processInfo.environment["BATON_TEST_POSTGRES"]!)!
        components.password = "wrong-pw-4711"
        let home = try await home(url: components.string!)
        let (job, list) = try await home.run("pg.SERIES")
        #expect(job.status == .failed)
        let error = list.named("series").error
        #expect(error?.exception.contains("wrong-pw-4711") == false)
        #expect(error?.traceback.contains("wrong-pw-4711") == false)
        let logs = try await home.store.taskLogs(task: list.named("series").id)
        #expect(!logs.contains { $0.text.contains("wrong-pw-4711") })
    }
}
