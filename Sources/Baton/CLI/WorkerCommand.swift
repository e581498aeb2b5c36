import ArgumentParser
import BatonEngine
import Foundation

struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Run tasks until SIGINT or SIGTERM; then hand back what is still running.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Comma-separated queues to take tasks from (default: every queue).") var queues: String?
    @Option(help: "Tasks run at once (default: `workers` of baton.yml).") var concurrency: Int?

    func run() async throws {
        let context = try await CommandContext(global)
        let queueList = queues.map {
            $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let configuration = context.home.engineConfiguration(
            concurrency: concurrency, queues: queueList, definitions: context.definitions)
        let tracing = try context.tracing()
        let engine = Engine(store: context.store, registry: context.registry, configuration: configuration, tracing: tracing)
        // Unbuffered: whoever started us may be waiting for this line on a pipe.
        let banner =
            "worker \(configuration.worker): \(configuration.concurrency) at once, queues \(configuration.queues?.joined(separator: ",") ?? "all")\n"
        FileHandle.standardOutput.write(Data(banner.utf8))
        // Spans are flushed after the engine has stopped, the last job's included.
        try await tracing.run {
            try await SignalScope.run(until: [SIGINT, SIGTERM]) {
                try await engine.run()
            }
        }
        print("worker stopped")
    }
}
