import Baton
import BatonCore
import BatonEngine
import BatonSQLite
import BatonStore
import BatonTestSupport
import Foundation
import Testing

private let playersSQL = """
    CREATE TABLE player (id TEXT PRIMARY KEY, name TEXT NOT NULL, age INTEGER, team TEXT);
    INSERT INTO player VALUES ('player100', 'Tim Duncan', 42, 'Spurs'), ('player101', 'Tony Parker', 36, NULL),
        ('player102', 'LaMarcus Aldridge', 33, 'Spurs');
    CREATE TABLE follow (src TEXT, dst TEXT, degree INTEGER);
    INSERT INTO follow VALUES ('player100', 'player101', 95), ('player101', 'player100', 95),
        ('player102', 'player100', 75);
    """

private let settings = """
    connections:
      players: data/players.sqlite

    """

private let tasks = #"""
    PLAYER:
      sql:
        connection: players
        query: SELECT id, name, age, team FROM player WHERE name = :name ORDER BY id
      params: {name: Tim Duncan}
    WIPE:
      sql: {connection: players, query: "DELETE FROM player WHERE name = :name"}
      params: {name: Tim Duncan}
    FOREVER:
      sql: {connection: players, query: "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"}
      timeout: 0.5
    EDGES:
      csv: {path: data/edges.csv, header: true}
    RAW:
      csv: data/edges.csv
    OUTSIDE:
      csv: data/link/secret.csv
    """#

private let workflows = """
    data.PLAYER:
      tasks:
        - {id: query_1, task: PLAYER}
    data.WIPE:
      tasks:
        - {id: wipe, task: WIPE}
    data.FOREVER:
      tasks:
        - {id: forever, task: FOREVER}
    data.CSV:
      tasks:
        - {id: with_header, task: EDGES}
        - {id: raw, task: RAW}
    data.OUTSIDE:
      tasks:
        - {id: outside, task: OUTSIDE}
    """

@Suite struct DataTaskTests {
    func home() async throws -> TestHome {
        let home = try await TestHome(workflows: workflows, tasks: tasks, settings: settings)
        try FileManager.default.createDirectory(atPath: home.path("data"), withIntermediateDirectories: true)
        try SQLiteScript.create(at: home.path("data/players.sqlite"), sql: playersSQL)
        try "src,dst\na,b\n\"c,1\",d\n".write(toFile: home.path("data/edges.csv"), atomically: true, encoding: .utf8)
        return home
    }

    func rows(_ home: TestHome, _ task: TaskRecord) async throws -> [[String]] {
        try await home.store.taskRows(task: task.id, offset: 0, limit: 1000)
    }

    @Test func sqlBindsTheParamAndItsInputOverride() async throws {
        let home = try await home()
        let (job, list) = try await home.run("data.PLAYER")
        #expect(job.status == .success)
        #expect(try await rows(home, list.named("query_1")) == [["player100", "Tim Duncan", "42", "Spurs"]])
        #expect(list.named("query_1").result == ["rows": 1, "columns": ["id", "name", "age", "team"]])

        let (again, tasks) = try await home.run("data.PLAYER", input: ["query_1": ["name": "Tony Parker"]])
        #expect(again.status == .success)
        // NULL is an empty cell.
        #expect(try await rows(home, tasks.named("query_1")) == [["player101", "Tony Parker", "36", ""]])
    }

    @Test func anInjectionAttemptStaysData() async throws {
        let home = try await home()
        let (job, list) = try await home.run("data.PLAYER", input: ["query_1": ["name": "x' OR '1'='1"]])
        #expect(job.status == .success)
        #expect(try await rows(home, list.named("query_1")).isEmpty)
        #expect(list.named("query_1").result?["rows"] == 0)
    }

    @Test func aWriteStatementFailsAndChangesNothing() async throws {
        let home = try await home()
        let (job, list) = try await home.run("data.WIPE")
        #expect(job.status == .failed)
        #expect(list.named("wipe").error?.exception.contains("read-only") == true)
        let (check, tasks) = try await home.run("data.PLAYER")
        #expect(check.status == .success)
        #expect(try await rows(home, tasks.named("query_1")).count == 1)
    }

    @Test func aQueryPastItsTimeoutIsStopped() async throws {
        let home = try await home()
        let (job, list) = try await home.run("data.FOREVER", timeout: .seconds(60))
        #expect(job.status == .failed)
        let task = list.named("forever")
        #expect(task.error?.exception.contains("timed out") == true, "\(task.error?.exception ?? "")")
        // The query never ends by itself; the attempt ends at its timeout (0.5 s; generous for a loaded machine).
        #expect((task.ended ?? .max) - (task.started ?? 0) < 10_000)
    }

    @Test func csvWithAndWithoutHeader() async throws {
        let home = try await home()
        let (job, list) = try await home.run("data.CSV")
        #expect(job.status == .success)
        #expect(try await rows(home, list.named("with_header")) == [["a", "b"], ["c,1", "d"]])
        #expect(list.named("with_header").result == ["rows": 2, "columns": ["src", "dst"]])
        #expect(try await rows(home, list.named("raw")) == [["src", "dst"], ["a", "b"], ["c,1", "d"]])
    }

    @Test func csvThroughASymlinkOutOfTheHomeFails() async throws {
        let home = try await home()
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("baton-outside-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try "secret,1\n".write(to: outside.appendingPathComponent("secret.csv"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: home.path("data/link"), withDestinationPath: outside.path)
        let (job, list) = try await home.run("data.OUTSIDE")
        #expect(job.status == .failed)
        #expect(list.named("outside").error?.exception.contains("outside the home") == true)
        #expect(try await rows(home, list.named("outside")).isEmpty)
    }

    @Test func loadErrorsNameFileWorkflowTaskAndField() async throws {
        let cases: [(tasks: String, workflows: String, expected: [String])] = [
            (
                "", "w.CSV:\n  tasks:\n    - {id: up, csv: ../etc/passwd}\n",
                ["workflows.yml", "workflow w.CSV", "task up", "field 'csv.path'", "leaves the home"]
            ),
            ("E:\n  csv: {path: /etc/passwd}\n", "w.CSV:\n  tasks: [E]\n", ["tasks.yml", "task E", "field 'csv.path'"]),
            (
                "Q:\n  sql: {connection: nowhere, query: SELECT 1}\n", "w.Q:\n  tasks: [Q]\n",
                ["tasks.yml", "task Q", "field 'sql.connection'", "unknown connection 'nowhere'"]
            ),
            (
                "Q:\n  sql: {connection: players, query: 'SELECT * FROM player WHERE name = :who'}\n", "w.Q:\n  tasks: [Q]\n",
                ["tasks.yml", "task Q", "field 'sql.query'", ":who"]
            ),
        ]
        for (tasks, workflows, expected) in cases {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baton-load-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try workflows.write(to: directory.appendingPathComponent("workflows.yml"), atomically: true, encoding: .utf8)
            try tasks.write(to: directory.appendingPathComponent("tasks.yml"), atomically: true, encoding: .utf8)
            try settings.write(to: directory.appendingPathComponent("baton.yml"), atomically: true, encoding: .utf8)
            let home = try Home(directory: directory)
            do {
                _ = try home.definitions(swiftTasks: [])
                Issue.record("loaded: \(workflows)")
            } catch {
                let text = "\(error)"
                for part in expected { #expect(text.contains(part), "\(text) lacks \(part)") }
            }
        }
    }

    @Test func connectionPasswordsNeverShow() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baton-pw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "w.X:\n  tasks:\n    - {id: x, shell: 'true'}\n".write(
            to: directory.appendingPathComponent("workflows.yml"), atomically: true, encoding: .utf8)
        try "connections:\n  dw: postgres://reader:s3cret-pw@127.0.0.1:1/dw?bogus=1\n"
            .write(to: directory.appendingPathComponent("baton.yml"), atomically: true, encoding: .utf8)
        do {
            _ = try Home(directory: directory)
            Issue.record("a bad connection URL loaded")
        } catch {
            #expect(!"\(error)".contains("s3cret-pw"), "\(error)")
            #expect("\(error)".contains("dw"))
        }
    }
}
