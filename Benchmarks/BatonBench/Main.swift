import Baton
import Foundation

/// baton-bench: measures Baton (engine, HTTP API, lists, memory) and the machine's limits in
/// one run, and optionally Celery Director beside it. See BENCHMARKS.md.
///
///     baton-bench [--quick] [--director http://127.0.0.1:8100] [--dir /tmp] [--json out.json] [--skip-engine]
///                 [--postgres postgres://baton:baton@127.0.0.1:5432/baton [--pg-workers 1,2,4]]
///                 [--graph [--graph-runs 3] [--skip-networkx] [--python python3] [--graph-peers Benchmarks/graph_peers.py]]
///
/// Subcommands used by the benchmark itself: `baton ARGS...` (the baton CLI with the bench's
/// Swift tasks A, B, C registered), `pg-worker ARGS...` (the same, exiting when its parent is
/// gone: the scale-out workers), `bare-server` (a bare Hummingbird endpoint) and
/// `graph-job HOME WORKFLOW` (one graph job in its own process, for its peak memory).
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
        case "graph-job":
            try GraphBench.childJob(arguments: Array(arguments.dropFirst()))
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
            case "--quick": options.sizes = .quick; options.quick = true
            case "--graph": options.graph = true
            case "--graph-runs": options.graphSetup.sizes.runs = Int(value()) ?? options.graphSetup.sizes.runs
            case "--graph-vertices": options.graphSetup.sizes.vertices = Int(value()) ?? options.graphSetup.sizes.vertices
            case "--graph-edges": options.graphSetup.sizes.edges = Int(value()) ?? options.graphSetup.sizes.edges
            case "--skip-networkx": options.graphSetup.sizes.networkx = false
            case "--networkx-timeout": options.graphSetup.sizes.networkxTimeoutSeconds = Double(value())
            case "--python": options.graphSetup.python = value()
            case "--graph-peers": options.graphSetup.peersScript = value()
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
                FileHandle.standardError.write(Data("unknown option \(option)\nusage: baton-bench [--quick] [--director URL] [--dir PATH] [--json FILE] [--skip-engine] [--skip-server] [--swift-jobs N] [--shell-jobs N] [--engine-runs N] [--workers N] [--list-sizes 1000,100000] [--skip-limits] [--postgres URL [--pg-workers 1,2,4] [--pg-jobs N] [--pg-shell-jobs N] [--pg-runs N]] [--graph [--graph-runs N] [--graph-vertices N] [--graph-edges N] [--skip-networkx] [--networkx-timeout S] [--python PATH] [--graph-peers PATH]]\n".utf8))
                exit(2)
            }
        }
        if options.quick {
            // --quick shrinks the graphs too, whatever order the options came in.
            let networkx = options.graphSetup.sizes.networkx
            options.graphSetup.sizes = .quick
            options.graphSetup.sizes.networkx = networkx
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
    var quick = false
    /// --graph: only the graph algorithms (issue 13, item 7), beside igraph and networkx.
    var graph = false
    var graphSetup = GraphBench.Setup()
}
