import Foundation

/// Baton and Celery Director side by side on Director's bench.SINGLE and bench.CHAIN, with
/// the same client code, taking turns (Baton, Director, Baton, ...) so that a noisy moment of
/// this shared machine hits both.
struct Compare {
    struct Side: Codable {
        var postP50: [Double] = []
        var endToEndP50: [Double] = []
        var chainJobsPerSecond: [Double] = []

        mutating func record(post: HTTPBench.Load, endToEnd: Latency, throughput: HTTPBench.Throughput) {
            postP50.append(post.latency.p50)
            endToEndP50.append(endToEnd.p50)
            chainJobsPerSecond.append(throughput.jobsPerSecond)
        }
    }

    struct Result: Codable {
        var rounds: Int
        var chainJobs: Int
        var baton: Side
        var director: Side
        /// Medians of the rounds, Baton / Director.
        var postP50Ratio: Double
        var endToEndP50Ratio: Double
        var chainThroughputRatio: Double
        var batonPeakRSSMB: Double
    }

    let sizes: Sizes
    let parent: URL
    let director: String

    func run() throws -> Result {
        let directory = try BenchHome.create(in: parent, name: "compare")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try ServerProcess.serve(home: directory, logFile: parent.appendingPathComponent("compare-server.log"))
        defer { server.stop() }
        var baton = Side()
        var peer = Side()
        var chainJobs = 0
        for round in 1...sizes.compareRounds {
            for (name, base) in [("Baton", server.base), ("Director", director)] {
                let client = HTTPBench(base: base)
                let (post, ids) = try client.post(workflow: "bench.SINGLE", clients: 1, perClient: sizes.comparePosts)
                _ = try client.drain(ids)
                let endToEnd = try client.endToEnd(workflow: "bench.CHAIN", count: sizes.compareEndToEnd, pollMicros: 1000)
                let throughput = try client.throughput(
                    workflow: "bench.CHAIN", tasksPerJob: 3, jobs: sizes.compareJobs, clients: 8)
                chainJobs = throughput.jobs
                log(
                    String(
                        format: "round %d %@: POST p50 %.2f ms, chain end to end p50 %.1f ms, %.1f chains/s (%d/%d succeeded)",
                        round, name, post.latency.p50, endToEnd.p50, throughput.jobsPerSecond, throughput.succeeded,
                        throughput.jobs))
                if name == "Baton" {
                    baton.record(post: post, endToEnd: endToEnd, throughput: throughput)
                } else {
                    peer.record(post: post, endToEnd: endToEnd, throughput: throughput)
                }
            }
        }
        return Result(
            rounds: sizes.compareRounds, chainJobs: chainJobs, baton: baton, director: peer,
            postP50Ratio: median(baton.postP50) / median(peer.postP50),
            endToEndP50Ratio: median(baton.endToEndP50) / median(peer.endToEndP50),
            chainThroughputRatio: median(baton.chainJobsPerSecond) / median(peer.chainJobsPerSecond),
            batonPeakRSSMB: server.memory.peak)
    }
}
