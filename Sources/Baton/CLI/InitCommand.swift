import ArgumentParser
import Foundation

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a Baton home with example workflows that run at once.")

    @Argument(help: "Folder to create (default: the current folder).")
    var path: String?

    func run() async throws {
        let directory = URL(fileURLWithPath: path ?? FileManager.default.currentDirectoryPath).standardizedFileURL
        let written = try HomeTemplate.write(into: directory)
        for file in written { print("created \(directory.appendingPathComponent(file).path)") }
        if written.isEmpty { print("\(directory.path) already holds a Baton home; nothing written") }
        let home = path.map { " --home \($0)" } ?? ""
        print(
            """

            Next:
              baton workflow list\(home)
              baton workflow run example.ETL\(home) --wait
              baton workflow run graph.PLAYERS\(home) --input '{"query_1": {"name": "Tony Parker"}}' --wait
              baton serve\(home)                     # APIs at http://127.0.0.1:8000/api and /api-open/v1

            The APIs know no user yet; create the first one with:
              baton user create NAME --password-stdin\(home)
            """)
    }
}
