/// How much work each measurement does: the full run, or `--quick` for CI (seconds, not minutes).
struct Sizes: Codable {
    /// --quick: a smoke test of the program (CI), not a measurement.
    var isQuick = false
    var engineSwiftJobs = 10_000
    var engineShellJobs = 2_000
    var engineRuns = 3
    var concurrency = 16
    var dispatchJobs = 300
    var endToEnd = 300
    var post1 = 2_000
    var post64PerClient = 50
    var loadSeconds = 3.0
    var limitSeconds = 2.0
    var listSizes = [1_000, 100_000, 1_000_000]
    var listRequests = 200
    var compareRounds = 3
    var comparePosts = 100
    var compareEndToEnd = 10
    var compareJobs = 100

    static let quick = Sizes(
        isQuick: true, engineSwiftJobs: 100, engineShellJobs: 20, engineRuns: 1, concurrency: 16, dispatchJobs: 10, endToEnd: 10,
        post1: 20,
        post64PerClient: 2, loadSeconds: 0.5, limitSeconds: 0.3, listSizes: [100, 1_000], listRequests: 5,
        compareRounds: 1, comparePosts: 5, compareEndToEnd: 2, compareJobs: 5)
}
