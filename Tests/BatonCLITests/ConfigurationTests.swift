import Baton
import BatonCore
import BatonEngine
import BatonStore
import Foundation
import Testing

/// `baton.yml` values out of range are refused with one line naming the file, line and key,
/// before anything runs.
@Suite struct ConfigurationTests {
    @Test func outOfRangeSettingsAreRefused() async throws {
        let home = temporaryFolder()
        _ = try await CLI.run(["init", home.path])
        let cases = [
            ("max_body_bytes: 0", "baton.yml:1: 'max_body_bytes' must be at least 1024"),
            ("auth:\n  token_max_age: -5", "baton.yml:2: 'auth.token_max_age' must be 1 second or more"),
            ("retention:\n  default_offset: -2", "baton.yml:2: 'retention.default_offset' must be -1 (keep all) or more"),
            ("log_max_bytes: 10", "baton.yml:1: 'log_max_bytes' must be at least 1024"),
            ("a: &a [1, *a]", "baton.yml"),
            ("max_fanout: 0", "baton.yml:1: 'max_fanout' must be 1 or more"),
            ("max_fanout: many", "baton.yml:1: 'max_fanout' must be a whole number, got 'many'"),
            ("pools:\n  db: 0", "baton.yml:2: pool 'db' must be a size, a whole number 1 or more, got '0'"),
            ("pools:\n  db: -3", "baton.yml:2: pool 'db' must be a size, a whole number 1 or more, got '-3'"),
            ("pools:\n  db: 1.5", "baton.yml:2: pool 'db' must be a size, a whole number 1 or more, got '1.5'"),
            ("pools: 4", "baton.yml:1: 'pools' maps pool names to sizes, such as {db: 4}"),
            (
                "lease_seconds: inf",
                "baton.yml:1: 'lease_seconds' must be a positive number of seconds, at most 1000000000, got 'inf'"
            ),
            (
                "cancel_grace: 1e300",
                "baton.yml:1: 'cancel_grace' must be a positive number of seconds, at most 1000000000, got '1e300'"
            ),
            ("pools:\n  db: {size: 2}", "baton.yml:2: 'pools' maps pool names to sizes, such as {db: 4}"),
        ]
        for (yaml, message) in cases {
            try (yaml + "\n").write(to: home.appendingPathComponent("baton.yml"), atomically: true, encoding: .utf8)
            let result = try await CLI.run(["workflow", "list", "--home", home.path])
            #expect(result.status == 1, "\(yaml)")
            #expect(result.stderr.contains(message), "\(yaml): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
        }
    }

    @Test func maxFanoutAndPools() throws {
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("baton.yml")
        let defaults = try Configuration.load(file: file, environment: [:])
        #expect(defaults.maxFanout == FanOut.defaultMaxFanout)
        #expect(defaults.pools.isEmpty)
        try "max_fanout: 50\npools: {db: 2, api: 10}\n".write(to: file, atomically: true, encoding: .utf8)
        let settings = try Configuration.load(file: file, environment: [:])
        #expect(settings.maxFanout == 50)
        #expect(settings.pools == ["db": 2, "api": 10])
        #expect(try Configuration.load(file: file, environment: ["BATON_MAX_FANOUT": "7"]).maxFanout == 7)
        #expect(throws: Configuration.Problem.self) {
            try Configuration.load(file: file, environment: ["BATON_MAX_FANOUT": "-1"])
        }
    }

    /// The home hands baton.yml's pools to the loader, and its limits and the loaded definitions
    /// to the engine; a workflow's limits reach the jobs planned from it.
    @Test func homePassesPoolsFanoutAndDefinitionsOn() async throws {
        let home = temporaryFolder()
        _ = try await CLI.run(["init", home.path])
        try "max_fanout: 3\npools: {db: 2}\n".write(
            to: home.appendingPathComponent("baton.yml"), atomically: true, encoding: .utf8)
        try """
        etl.MAIN:
          concurrency: 2
          priority: 5
          tasks:
            - {id: a, shell: echo, pool: db}
            - {id: b, needs: [a], workflow: etl.CHILD}
        etl.CHILD:
          tasks:
            - {id: c, shell: echo}
        """.write(to: home.appendingPathComponent("workflows.yml"), atomically: true, encoding: .utf8)
        // `init`'s tasks use its connections, which this baton.yml leaves out.
        try "NOTIFY:\n  shell: echo\n".write(to: home.appendingPathComponent("tasks.yml"), atomically: true, encoding: .utf8)
        let opened = try Home(directory: home)
        let definitions = try opened.definitions(swiftTasks: [])
        let engine = opened.engineConfiguration(definitions: definitions)
        #expect(engine.maxFanout == 3)
        #expect(engine.pools == ["db": 2])
        #expect(engine.definitions?.workflow(named: "etl.CHILD") != nil)
        let main = try #require(definitions.workflow(named: "etl.MAIN"))
        let job = try JobPlanner.plan(main, payload: [:], parentTask: 42)
        #expect(job.concurrency == 2)
        #expect(job.priority == 5)
        #expect(job.parentTask == 42)
        #expect(job.tasks[0].body.pool == "db")

        try "max_fanout: 3\n".write(to: home.appendingPathComponent("baton.yml"), atomically: true, encoding: .utf8)
        let result = try await CLI.run(["workflow", "validate", "--home", home.path])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "workflows.yml:5: workflow etl.MAIN, task a, field 'pool': unknown pool 'db' (baton.yml declares none)"),
            "\(result.stderr)")
    }
}
