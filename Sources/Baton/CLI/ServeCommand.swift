import ArgumentParser
import BatonEngine
import BatonHTTP
import Foundation
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP APIs and run tasks, until SIGINT or SIGTERM.",
        discussion:
            "The web page is at /, the Director API at /api, the Explorer API at /api-open/v1. On SIGINT/SIGTERM the server stops accepting requests, running tasks are stopped and handed back to the queue."
    )
    @OptionGroup var global: GlobalOptions
    @Option(help: "Address to listen on (default: server.host of baton.yml, 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on; 0 picks a free one (default: server.port of baton.yml, 8000).") var port: Int?
    @Option(help: "Tasks run at once (default: `workers` of baton.yml).") var workers: Int?
    @Flag(help: "Serve the APIs only; run no task.") var noWorkers = false

    func run() async throws {
        let context = try await CommandContext(global)
        let settings = context.home.configuration
        let tracing = try context.tracing()
        let engine =
            noWorkers
            ? nil
            : Engine(
                store: context.store, registry: context.registry,
                configuration: context.home.engineConfiguration(concurrency: workers, definitions: context.definitions),
                tracing: tracing)
        let host = self.host ?? settings.host
        var logger = Logger(label: "baton")
        logger.logLevel = .info
        let service = context.service(engine: engine, tracing: tracing)
        let scheduler = Scheduler(service: service)
        let sweeper = RetentionSweeper(service: service, defaultOffset: settings.retentionDefaultOffset)
        // Spans are flushed once the server and its engine have stopped, the last job's included.
        try await tracing.run {
            try await BatonServer.run(
                service: service, engine: engine,
                settings: ServerSettings(
                    host: host, port: port ?? settings.port, maxBodyBytes: settings.maxBodyBytes,
                    authEnabled: settings.authEnabled ?? !ServerSettings.isLoopback(host), tokenMaxAge: settings.tokenMaxAge,
                    runDirectory: context.home.runDirectory),
                logger: logger,
                background: [{ try await scheduler.run() }, { try await sweeper.run() }],
                onRunning: { port in
                    // Unbuffered: whoever started us may be waiting for this line on a pipe.
                    let line =
                        "Baton is serving http://\(host):\(port) (web page at /, Director API at /api, Explorer API at /api-open/v1)\(engine == nil ? ", no workers" : "")\n"
                    FileHandle.standardOutput.write(Data(line.utf8))
                })
        }
        print("Baton stopped")
    }
}
