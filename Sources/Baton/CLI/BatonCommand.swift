import ArgumentParser

struct BatonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baton",
        abstract: "Workflow orchestration: define workflows of tasks, run them as jobs, follow every task.",
        subcommands: [
            InitCommand.self, ServeCommand.self, WorkflowCommand.self, JobCommand.self, UserCommand.self, WorkerCommand.self,
            DatabaseCommand.self,
        ])
}

/// `--home` and `--database`, on every command.
extension LogFormat: ExpressibleByArgument {}

struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The Baton home folder (default: $BATON_HOME, else the current folder).")
    var home: String?

    @Option(name: .long, help: "Database to use instead of the configured one (a SQLite file path or a postgres:// URL).")
    var database: String?

    @Option(
        name: .long, help: "How to write the log: text or json, one object per line (default: log_format of baton.yml, text).")
    var logFormat: LogFormat?
}
