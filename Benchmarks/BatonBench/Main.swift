import Baton
import Foundation

/// baton-bench: measures Baton (engine, HTTP API, lists, memory) and the machine's limits in
/// one run, and optionally Celery Director beside it. See BENCHMARKS.md.
///
///     baton-bench [--quick] [--director http://127.0.0.1:8100] [--dir /tmp] [--json out.json] [--skip-engine]
///                 [--postgres postgres://baton:baton@127.0.0.1:5432/baton [--pg-workers 1,2,4]]
///
/// Subcommands used by the benchmark itself: `baton ARGS...` (the baton CLI with the bench's
/// Swift tasks A, B, C registered), `pg-worker ARGS...` (the same, exiting when its parent is
/// gone: the scale-out workers) and `bare-server` (a bare Hummingbird endpoint).
@main
struct BenchMain {
    static func main() throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        switch arguments.first {
        case "baton":
            let rest = Array(arguments.dropFirst())
            try blocking { await Baton.main(tasks: BenchHome.registry(), arguments: rest) }
            return
        case "pg-worker":
            try ScaleBench.pgWorker(arguments: Array(arguments.dropFirst()))
            return
        case "bare-server":
            try blocking { try await BareServer.run() }
            return
        default:
            break
        }
        var options = Options()
        while !arguments.isEmpty {
            let option = arguments.removeFirst()
            func value() -> String {
                guard !arguments.isEmpty else { fatalError("\(option) needs a value") }
                return arguments.removeFirst()
            }
            switch option {
            case "--quick": options.sizes = .quick
            case "--director": options.director = value()
            case "--dir": options.directory = URL(fileURLWithPath: value())
            case "--json": options.json = value()
            case "--skip-engine": options.skipEngine = true
            case "--skip-server": options.skipServer = true
            case "--swift-jobs": options.sizes.engineSwiftJobs = Int(value()) ?? options.sizes.engineSwiftJobs
            case "--shell-jobs": options.sizes.engineShellJobs = Int(value()) ?? options.sizes.engineShellJobs
            case "--engine-runs": options.sizes.engineRuns = Int(value()) ?? options.sizes.engineRuns
            case "--list-sizes": options.sizes.listSizes = value().split(separator: ",").compactMap { Int($0) }
            case "--workers": options.sizes.concurrency = Int(value()) ?? options.sizes.concurrency
            case "--postgres": options.postgres = value()
            case "--pg-workers": options.scaleProcesses = value().split(separator: ",").compactMap { Int($0) }
            case "--pg-jobs": options.scaleSwiftJobs = Int(value()) ?? options.scaleSwiftJobs
            case "--pg-shell-jobs": options.scaleShellJobs = Int(value()) ?? options.scaleShellJobs
            case "--pg-runs": options.scaleRuns = Int(value()) ?? options.scaleRuns
            case "--skip-limits": options.skipLimits = true
            default:
                FileHandle.standardError.write(Data("unknown option \(option)\nusage: baton-bench [--quick] [--director URL] [--dir PATH] [--json FILE] [--skip-engine] [--skip-server] [--swift-jobs N] [--shell-jobs N] [--engine-runs N] [--workers N] [--list-sizes 1000,100000] [--skip-limits] [--postgres URL [--pg-workers 1,2,4] [--pg-jobs N] [--pg-shell-jobs N] [--pg-runs N]]\n".utf8))
                exit(2)
            }
        }
        let report = try Runner(options: options).run()
        print(report.markdown)
        if let path = options.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(report).write(to: URL(fileURLWithPath: path))
        }
    }
}

struct Options {
    var sizes = Sizes()
    var director: String?
    var directory = FileManager.default.temporaryDirectory
    var json: String?
    var skipEngine = false
    var skipServer = false
    var skipLimits = false
    /// Scaling out (off unless --postgres): worker process counts, chains per run, runs.
    var postgres: String?
    var scaleProcesses = [1, 2, 4]
    var scaleSwiftJobs = 2_000
    var scaleShellJobs = 1_000
    var scaleRuns = 3
}
