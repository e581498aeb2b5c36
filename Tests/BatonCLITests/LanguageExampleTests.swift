import Foundation
import Testing

/// SPEC §13's example, as written there, run by `baton workflow run --wait` and read back with
/// `baton job show`: a fan-out over listed files, a condition, and a sub-workflow.
@Suite(.timeLimit(.minutes(3))) struct LanguageExampleTests {
    static let workflows = #"""
        etl.FILES:
          concurrency: 2                # at most 2 jobs of this workflow run; others wait, pending
          priority: 5                   # higher first when workers are scarce (default 0)
          tasks:
            - {id: list_1, shell: 'ls data/in > "$BATON_ROWS"'}
            - id: load_1
              needs: [list_1]
              foreach: {rows: list_1, concurrency: 4}   # or {result: list_1, path: items} / {payload: files}
              shell: 'load.sh "$BATON_ITEM_0"'
            - id: check_1
              needs: [load_1]
              shell: 'echo "{\"ok\": true}" > "$BATON_RESULT"'
            - id: publish_1
              needs: [check_1]
              when: {task: check_1, path: ok, equals: true}     # also: in: [...], not_equals
              workflow: etl.PUBLISH                             # a sub-workflow
              payload: {source: "{{job.id}}"}
        etl.PUBLISH:
          tasks:
            - {id: announce_1, shell: 'echo "$BATON_PAYLOAD" >> published'}
        """#

    @Test func theSpecExampleRunsAsWritten() async throws {
        let home = temporaryFolder()
        let bin = home.appendingPathComponent("bin")
        let input = home.appendingPathComponent("data/in")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for name in ["a.csv", "b.csv", "c.csv"] {
            FileManager.default.createFile(atPath: input.appendingPathComponent(name).path, contents: Data("x\n".utf8))
        }
        let script = bin.appendingPathComponent("load.sh")
        try "#!/bin/sh\necho \"$1\" >> loaded\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        try Self.workflows.write(to: home.appendingPathComponent("workflows.yml"), atomically: true, encoding: .utf8)
        let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")

        let run = try await CLI.run(["workflow", "run", "etl.FILES", "--home", home.path, "--wait"], environment: ["PATH": path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let loaded = try String(contentsOf: home.appendingPathComponent("loaded"), encoding: .utf8)
        #expect(loaded.split(separator: "\n").sorted() == ["a.csv", "b.csv", "c.csv"])
        let published = try String(contentsOf: home.appendingPathComponent("published"), encoding: .utf8)

        let show = try await CLI.run(["job", "show", "1", "--home", home.path]).stdout
        #expect(show.contains("status success"), "\(show)")
        for key in ["load_1[0]", "load_1[1]", "load_1[2]", "publish_1"] {
            #expect(show.contains("  - \(key) "), "\(key) in \(show)")
        }
        #expect(show.contains(#"result {"instances":3}"#), "\(show)")
        #expect(show.contains("      sub-workflow job 2 "), "the step links to its child job: \(show)")
        let uuid = try #require(show.split(separator: "\n").first?.split(separator: " ").last.map(String.init))
        #expect(published == "{\"source\":\"\(uuid)\"}\n")
        let child = try await CLI.run(["job", "show", "2", "--home", home.path]).stdout
        #expect(child.contains("workflow etl.PUBLISH, status success"), "\(child)")
        #expect(child.contains("  comment sub-workflow of \(uuid) step publish_1"), "\(child)")
        #expect(child.contains("  parent job 1 etl.FILES, step publish_1"), "the child links back: \(child)")
    }
}
