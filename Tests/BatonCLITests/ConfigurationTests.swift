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
        ]
        for (yaml, message) in cases {
            try (yaml + "\n").write(to: home.appendingPathComponent("baton.yml"), atomically: true, encoding: .utf8)
            let result = try await CLI.run(["workflow", "list", "--home", home.path])
            #expect(result.status == 1, "\(yaml)")
            #expect(result.stderr.contains(message), "\(yaml): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
        }
    }
}
