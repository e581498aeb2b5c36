import ArgumentParser
import Baton
import Foundation

/// baton-bench's entry point. The bench starts copies of itself as child processes through
/// these first arguments, handled before any option parsing so their own arguments pass
/// through untouched: `baton ARGS...` (the baton CLI with the bench's Swift tasks A, B, C
/// registered), `pg-worker ARGS...` (the same, exiting when its parent is gone: the scale-out
/// workers), `bare-server` (a bare Hummingbird endpoint) and `graph-job HOME WORKFLOW` (one
/// graph job in its own process, for its peak memory). Anything else is `BenchCommand`'s.
@main
enum BenchMain {
    static func main() throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let rest = Array(arguments.dropFirst())
        switch arguments.first {
        case "baton":
            try blocking { await Baton.main(tasks: BenchHome.registry(), arguments: rest) }
        case "pg-worker":
            try ScaleBench.pgWorker(arguments: rest)
        case "graph-job":
            try GraphBench.childJob(arguments: rest)
        case "bare-server":
            try blocking { try await BareServer.run() }
        default:
            try blocking { await BenchCommand.main(arguments) }
        }
    }
}
