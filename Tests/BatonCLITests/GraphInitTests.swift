import BatonCore
import Foundation
import Testing

/// `baton init`'s graph examples run as shipped (SPEC §12): the players database is built at
/// init, the karate club is in data/, and both graph workflows succeed from the command line.
@Suite struct GraphInitTests {
    @Test func initShipsTheGraphExamplesAndTheyRun() async throws {
        let home = temporaryFolder()
        let created = try await CLI.run(["init", home.path])
        #expect(created.status == 0)
        #expect(created.stdout.contains("data/karate.csv"))
        #expect(created.stdout.contains("data/players.sqlite"))
        let karate = try String(contentsOf: home.appendingPathComponent("data/karate.csv"), encoding: .utf8)
        #expect(karate.split(separator: "\n").count == 78)

        let players = try await CLI.run([
            "workflow", "run", "graph.PLAYERS", "--home", home.path, "--wait",
            "--input", #"{"query_1": {"name": "Tony Parker"}}"#,
        ])
        #expect(players.status == 0, "\(players.stdout)\(players.stderr)")
        for task in ["query_1", "degree_1", "pagerank_1", "louvain_1"] {
            #expect(players.stdout.contains(task), "\(task)")
        }
        let karateRun = try await CLI.run(["workflow", "run", "graph.KARATE", "--home", home.path, "--wait"])
        #expect(karateRun.status == 0, "\(karateRun.stdout)\(karateRun.stderr)")
        let show = try await CLI.run(["job", "show", "2", "--home", home.path])
        #expect(show.stdout.contains(#""vertices":34"#), "\(show.stdout)")
        #expect(show.stdout.contains(#""edges":78"#))
        #expect(show.stdout.contains("modularity"))

        // A second init changes nothing, the database included.
        let again = try await CLI.run(["init", home.path])
        #expect(again.stdout.contains("nothing written"))
    }
}
