import ArgumentParser
import Foundation

/// baton-bench's options: measures Baton (engine, HTTP API, lists, memory) and the machine's
/// limits in one run, and optionally Celery Director, PostgreSQL scale-out or the graph
/// algorithms beside it. Prints the report (Markdown) on stdout and progress on stderr.
/// Sizes given explicitly win over `--quick`'s, whatever their order.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baton-bench",
        abstract: "Measures Baton and the machine's limits in one run (see BENCHMARKS.md).",
        discussion: """
            The bench starts copies of itself as child processes with a first argument of `baton`, \
            `pg-worker`, `bare-server` or `graph-job`; those are for its own use.
            """)

    @Flag(help: "A smoke test of the program (CI): tiny sizes, seconds not minutes.")
    var quick = false
    @Option(help: ArgumentHelp("Celery Director's API, measured beside Baton (e.g. http://127.0.0.1:8100).", valueName: "url"))
    var director: String?
    @Option(help: ArgumentHelp("Where the benchmark's temporary homes go.", valueName: "path"))
    var dir: String?
    @Option(help: ArgumentHelp("Also write the report as JSON to this file.", valueName: "file"))
    var json: String?
    @Flag(help: "Skip the engine throughput and latency measurements.")
    var skipEngine = false
    @Flag(help: "Skip the HTTP server measurements.")
    var skipServer = false
    @Flag(help: "Skip measuring the machine's limits (fsync, spawn, loopback HTTP).")
    var skipLimits = false
    @Option(help: ArgumentHelp("Swift chains per engine run.", valueName: "n"))
    var swiftJobs: Int?
    @Option(help: ArgumentHelp("Shell chains per engine run.", valueName: "n"))
    var shellJobs: Int?
    @Option(help: ArgumentHelp("Engine runs (the median counts).", valueName: "n"))
    var engineRuns: Int?
    @Option(help: ArgumentHelp("Workers of each engine (its concurrency).", valueName: "n"))
    var workers: Int?
    @Option(help: ArgumentHelp("Job counts for the list measurements, comma-separated (e.g. 1000,100000).", valueName: "n,n,…"))
    var listSizes: IntList?

    @Option(help: ArgumentHelp("PostgreSQL address: measure scaling out over worker processes on it.", valueName: "url"))
    var postgres: String?
    @Option(help: ArgumentHelp("Worker process counts on PostgreSQL, comma-separated.", valueName: "n,n,…"))
    var pgWorkers: IntList?
    @Option(help: ArgumentHelp("Swift chains per scale-out run (0 skips them).", valueName: "n"))
    var pgJobs: Int?
    @Option(help: ArgumentHelp("Shell chains per scale-out run (0 skips them).", valueName: "n"))
    var pgShellJobs: Int?
    @Option(help: ArgumentHelp("Scale-out runs (the median counts).", valueName: "n"))
    var pgRuns: Int?

    @Flag(help: "Only the graph algorithms, beside igraph and networkx.")
    var graph = false
    @Option(help: ArgumentHelp("Graph runs (the median counts).", valueName: "n"))
    var graphRuns: Int?
    @Option(help: ArgumentHelp("Vertices of the graph.", valueName: "n"))
    var graphVertices: Int?
    @Option(help: ArgumentHelp("Edges of the graph.", valueName: "n"))
    var graphEdges: Int?
    @Flag(help: "Do not run networkx.")
    var skipNetworkx = false
    @Option(help: ArgumentHelp("Stop networkx after this many seconds.", valueName: "seconds"))
    var networkxTimeout: Double?
    @Option(help: ArgumentHelp("The Python that runs the graph peers.", valueName: "path"))
    var python: String?
    @Option(help: ArgumentHelp("The graph peers' script.", valueName: "path"))
    var graphPeers: String?

    func validate() throws {
        let counts: [(String, Int?)] = [
            ("--swift-jobs", swiftJobs), ("--shell-jobs", shellJobs), ("--pg-jobs", pgJobs), ("--pg-shell-jobs", pgShellJobs),
        ]
        for (name, value) in counts where (value ?? 0) < 0 { throw ValidationError("\(name) cannot be negative") }
        let positive: [(String, Int?)] = [
            ("--engine-runs", engineRuns), ("--workers", workers), ("--pg-runs", pgRuns), ("--graph-runs", graphRuns),
            ("--graph-vertices", graphVertices), ("--graph-edges", graphEdges),
        ]
        for (name, value) in positive where (value ?? 1) < 1 { throw ValidationError("\(name) must be at least 1") }
        if let pgWorkers, pgWorkers.values.contains(where: { $0 < 1 }) {
            throw ValidationError("--pg-workers must be at least 1 each")
        }
        if let networkxTimeout, networkxTimeout <= 0 { throw ValidationError("--networkx-timeout must be positive") }
    }

    /// The run these options ask for.
    var options: Options {
        var options = Options()
        options.quick = quick
        if quick {
            options.sizes = .quick
            options.graphSetup.sizes = .quick
        }
        options.director = director
        if let dir { options.directory = URL(fileURLWithPath: dir) }
        options.json = json
        options.skipEngine = skipEngine
        options.skipServer = skipServer
        options.skipLimits = skipLimits
        if let swiftJobs { options.sizes.engineSwiftJobs = swiftJobs }
        if let shellJobs { options.sizes.engineShellJobs = shellJobs }
        if let engineRuns { options.sizes.engineRuns = engineRuns }
        if let workers { options.sizes.concurrency = workers }
        if let listSizes { options.sizes.listSizes = listSizes.values }
        options.postgres = postgres
        if let pgWorkers { options.scaleProcesses = pgWorkers.values }
        if let pgJobs { options.scaleSwiftJobs = pgJobs }
        if let pgShellJobs { options.scaleShellJobs = pgShellJobs }
        if let pgRuns { options.scaleRuns = pgRuns }
        options.graph = graph
        if let graphRuns { options.graphSetup.sizes.runs = graphRuns }
        if let graphVertices { options.graphSetup.sizes.vertices = graphVertices }
        if let graphEdges { options.graphSetup.sizes.edges = graphEdges }
        if skipNetworkx { options.graphSetup.sizes.networkx = false }
        if let networkxTimeout { options.graphSetup.sizes.networkxTimeoutSeconds = networkxTimeout }
        if let python { options.graphSetup.python = python }
        if let graphPeers { options.graphSetup.peersScript = graphPeers }
        return options
    }

    func run() async throws {
        let options = options
        // The measurements block their thread on purpose (`blocking`): give them one of their
        // own rather than one of the few threads async tasks share.
        let report = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Report, any Error>) in
            Thread { continuation.resume(with: Result { try Runner(options: options).run() }) }.start()
        }
        print(report.markdown)
        if let path = options.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(report).write(to: URL(fileURLWithPath: path))
        }
    }
}

/// A comma-separated list of integers as one option value (`--pg-workers 1,2,4`).
struct IntList: ExpressibleByArgument {
    var values: [Int]

    init?(argument: String) {
        let values = argument.split(separator: ",", omittingEmptySubsequences: false).map {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        guard !values.isEmpty, !values.contains(nil) else { return nil }
        self.values = values.compactMap { $0 }
    }
}
