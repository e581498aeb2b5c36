import ArgumentParser
import BatonPostgres

struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Database maintenance.", subcommands: [Migrate.self])

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create or upgrade the database schema.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let home = try Home(directory: Home.locate(global.home), database: global.database)
            _ = try await home.openStore()
            print("database \(PostgresAddress.redact(home.configuration.database)) is up to date")
        }
    }
}
