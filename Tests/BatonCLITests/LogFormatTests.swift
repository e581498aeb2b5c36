import BatonCore
import Foundation
import Testing
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `--log-format json` (and `log_format: json` in baton.yml): every log line is one JSON object
/// with time, level, label and message, task failures carry the job and task, and no line
/// holds a password or a token.
@Suite struct LogFormatTests {
    /// Adds `settings` to the home's baton.yml, keeping what `baton init` wrote (its connections).
    private func append(_ settings: String, to home: URL) throws {
        let file = home.appendingPathComponent("baton.yml")
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        try (text + "\n" + settings).write(to: file, atomically: true, encoding: .utf8)
    }

    private func lines(_ url: URL) throws -> [JSON] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { line in
            try JSON.parse(String(line))
        }
    }

    @Test func serveWritesOneJSONObjectPerLineAndNoSecrets() async throws {
        let home = temporaryFolder()
        _ = try await CLI.run(["init", home.path])
        let password = "s3cret-Pa55"
        _ = try await CLI.run(["user", "create", "root", "--password", password, "--home", home.path])
        try append("auth:\n  enabled: true\n", to: home)
        let log = home.appendingPathComponent("serve.log")
        let server = try await BatonProcess.serve(home: home, arguments: ["--log-format", "json"], errors: log)
        let base = "http://127.0.0.1:\(server.port)"

        // Explorer: connect with the password, then use the token.
        var connect = URLRequest(url: URL(string: "\(base)/api-open/v1/connect")!)
        connect.httpMethod = "POST"
        connect.setValue("Bearer " + Data("root:\(password)".utf8).base64EncodedString(), forHTTPHeaderField: "Authorization")
        connect.httpBody = Data(#"{"address": "127.0.0.1", "port": 9669}"#.utf8)
        let (_, response) = try await URLSession.shared.data(for: connect)
        let cookie = try #require((response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Set-Cookie"))
        let token = String(cookie.dropFirst("explorer_token=".count).prefix { $0 != ";" })
        #expect(token.count > 20)
        var list = URLRequest(url: URL(string: "\(base)/api-open/v1/workflows")!)
        list.setValue("explorer_token=\(token)", forHTTPHeaderField: "Cookie")
        _ = try await URLSession.shared.data(for: list)
        // Director: a job whose task fails, with Basic auth.
        var post = URLRequest(url: URL(string: "\(base)/api/workflows")!)
        post.httpMethod = "POST"
        post.setValue("application/json", forHTTPHeaderField: "Content-Type")
        post.setValue("Basic " + Data("root:\(password)".utf8).base64EncodedString(), forHTTPHeaderField: "Authorization")
        post.httpBody = Data(#"{"project": "example", "name": "BROKEN", "payload": {}}"#.utf8)
        let (created, _) = try await URLSession.shared.data(for: post)
        let job = try #require(try JSON.parse(created)["id"]?.stringValue)

        let deadline = ContinuousClock.now + .seconds(90)
        while ContinuousClock.now < deadline,
            !((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("task attempt failed")
        {
            try await Task.sleep(for: .milliseconds(20))
        }
        server.stop()

        let text = try String(contentsOf: log, encoding: .utf8)
        let objects = try lines(log)
        #expect(objects.count >= 4)
        for object in objects {
            for field in ["time", "level", "label", "message"] {
                #expect(object[field]?.stringValue != nil, "\(object.jsonText)")
            }
        }
        #expect(objects.contains { $0["message"] == "request" && $0["path"] == "/api-open/v1/connect" && $0["status"] == "200" })
        let failure = try #require(objects.first { $0["message"]?.stringValue?.hasPrefix("task attempt failed") == true })
        #expect(failure["level"] == "warning")
        #expect(failure["task"] == "BROKEN")
        #expect(failure["attempt"] != nil)
        #expect(failure["job"]?.stringValue.flatMap(Int.init) != nil, "the job's number, \(job)'s")
        #expect(!text.contains(password))
        #expect(!text.contains(token))
        #expect(!text.contains(Data("root:\(password)".utf8).base64EncodedString()))
    }

    @Test func bakedIntoBatonYml() async throws {
        let home = temporaryFolder()
        _ = try await CLI.run(["init", home.path])
        let original = try String(contentsOf: home.appendingPathComponent("baton.yml"), encoding: .utf8)
        try append("log_format: json\n", to: home)
        let run = try await CLI.run(["workflow", "run", "example.BROKEN", "--home", home.path, "--wait"])
        #expect(run.status == 1)
        let objects = try run.stderr.split(separator: "\n").compactMap { line in
            line.hasPrefix("{") ? try JSON.parse(String(line)) : nil
        }
        #expect(objects.contains { $0["task"] == "BROKEN" && $0["level"] == "warning" }, "\(run.stderr)")

        try (original + "\nlog_format: yaml\n").write(
            to: home.appendingPathComponent("baton.yml"), atomically: true, encoding: .utf8)
        let bad = try await CLI.run(["workflow", "list", "--home", home.path])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("'log_format' must be text or json, got 'yaml'"))
    }
}
