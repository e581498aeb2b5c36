import Foundation

/// What one run of the benchmark measures, and how much (from `BenchCommand`'s options).
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
