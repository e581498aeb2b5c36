import Foundation

/// `baton serve` (this executable with A, B, C registered) measured through its HTTP APIs.
struct ServerBench {
    struct Result: Codable {
        var idleRSSMB: Double
        /// At the same moment: Pss and private anonymous memory (the rest of RSS is shared library and binary pages).
        var idlePSSMB: Double
        var idleAnonymousMB: Double
        var idleRSSAfterLoadMB: Double
        /// VmHWM of the server that took the POST, ping and chain load.
        var peakRSSMB: Double
        /// VmHWM of the server that served the lists up to the largest size.
        var listServerPeakRSSMB: Double
        var endToEndChain: Latency
        var pingRequestsPerSecond: HTTPBench.Load
        var post1: HTTPBench.Load
        var post64: HTTPBench.Load
        var lists: [ListPoint]
    }

    struct ListPoint: Codable {
        var jobs: Int
        var directorList: Latency
        var explorerList: Latency
    }

    let sizes: Sizes
    let parent: URL

    func run() throws -> Result {
        let directory = try BenchHome.create(in: parent, name: "server")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try ServerProcess.serve(home: directory, logFile: parent.appendingPathComponent("server.log"))
        defer { server.stop() }
        log("baton serve at \(server.base), pid \(server.pid)")
        Thread.sleep(forTimeInterval: 2)
        let idle = server.memory.rss
        let sharing = processSharing(pid: server.pid)
        let client = HTTPBench(base: server.base)

        log("end to end: \(sizes.endToEnd) bench.CHAIN one at a time")
        let endToEnd = try client.endToEnd(workflow: "bench.CHAIN", count: sizes.endToEnd, pollMicros: 200)
        log("end to end: \(endToEnd)")

        let ping = try client.get("/api/ping", clients: 64, seconds: sizes.loadSeconds)
        log("GET /api/ping, 64 clients: \(Int(ping.requestsPerSecond)) req/s")

        let (post1, ids1) = try client.post(workflow: "bench.SINGLE", clients: 1, perClient: sizes.post1)
        log("POST, 1 client: \(post1.latency), \(Int(post1.requestsPerSecond)) req/s")
        _ = try client.drain(ids1)
        let (post64, ids64) = try client.post(workflow: "bench.SINGLE", clients: 64, perClient: sizes.post64PerClient)
        log("POST, 64 clients: \(post64.latency), \(Int(post64.requestsPerSecond)) req/s")
        _ = try client.drain(ids64)

        Thread.sleep(forTimeInterval: 2)
        let after = server.memory
        server.stop()
        let (lists, listPeak) = try listLatencies()
        return Result(
            idleRSSMB: idle, idlePSSMB: sharing.pss, idleAnonymousMB: sharing.anonymous, idleRSSAfterLoadMB: after.rss,
            peakRSSMB: after.peak, listServerPeakRSSMB: listPeak,
            endToEndChain: endToEnd, pingRequestsPerSecond: ping, post1: post1, post64: post64, lists: lists)
    }

    /// A second server on a fresh home, filled to each size in turn (one real chain runs first,
    /// as the template the filler copies). Returns the points and the server's peak RSS.
    private func listLatencies() throws -> ([ListPoint], Double) {
        let directory = try BenchHome.create(in: parent, name: "lists")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try ServerProcess.serve(home: directory, logFile: parent.appendingPathComponent("lists-server.log"))
        defer { server.stop() }
        let client = HTTPBench(base: server.base)
        _ = try client.endToEnd(workflow: "bench.CHAIN", count: 1, pollMicros: 1000)
        let explorer = try Self.explorerClient(base: server.base, home: directory)
        let filler = try JobFiller(path: directory.appendingPathComponent("data/baton.sqlite").path)
        var lists: [ListPoint] = []
        for size in sizes.listSizes {
            let started = nowNanos()
            try filler.fill(to: size)
            log("filled to \(try filler.count()) jobs in \(String(format: "%.1f", Double(nowNanos() - started) / 1e9)) s")
            // The first requests after a fill warm the caches; the next ones are measured.
            _ = try client.get("/api/workflows?per_page=100", count: 5)
            _ = try explorer.get("/api-open/v1/jobs", count: 5)
            let director = try client.get("/api/workflows?per_page=100", count: sizes.listRequests).latency
            let open = try explorer.get("/api-open/v1/jobs", count: sizes.listRequests).latency
            log("\(size) jobs: /api/workflows?per_page=100 \(director); /api-open/v1/jobs \(open)")
            lists.append(ListPoint(jobs: size, directorList: director, explorerList: open))
        }
        return (lists, server.memory.peak)
    }

    /// A user made with `baton user create`, then `connect` for a token, as Explorer clients do.
    static func explorerClient(base: String, home: URL) throws -> HTTPBench {
        let create = try ServerProcess.child(
            ["baton", "user", "create", "bench", "--password-stdin", "--home", home.path], logFile: nil)
        let input = Pipe()
        create.standardInput = input
        try create.run()
        input.fileHandleForWriting.write(Data("bench-secret\n".utf8))
        try input.fileHandleForWriting.close()
        create.waitUntilExit()
        let connection = try HTTPConnection(base: base)
        let response = try connection.json(
            "POST", "/api-open/v1/connect", ["address": "127.0.0.1", "port": 9669],
            headers: [("Authorization", "Bearer " + Data("bench:bench-secret".utf8).base64EncodedString())])
        guard let cookie = response.header("set-cookie"), let token = cookie.split(separator: ";").first else {
            throw HTTPConnection.Failure(description: "connect answered \(response.status): \(response.text)")
        }
        return HTTPBench(base: base, headers: [("Cookie", String(token))])
    }
}
