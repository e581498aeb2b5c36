import Baton
import BatonCore
import BatonEngine
import BatonStore
import Foundation

/// `baton-bench --graph` (issue 13, item 7): each graph algorithm as a whole Baton job (a `csv`
/// task → an `algorithm` task) on generated graphs, beside python-igraph and networkx doing the
/// same work on the same CSV (`Benchmarks/graph_peers.py`), plus `sample_result?limit=10` on a
/// task of 10^6 rows through the Explorer API of a real `baton serve`. See BENCHMARKS.md.
enum GraphBench {
    /// How much work: the full run or `--quick` (tiny graphs, seconds; CI).
    struct Sizes: Codable {
        var vertices = 200_000
        var edges = 1_000_000
        /// Planted partition (Louvain): vertices per community, share of edges inside one.
        var communitySize = 100
        var insideShare = 0.9
        /// The small graph whose job gives the fixed memory overhead (engine, store, buffers).
        var baselineEdges = 1_000
        var runs = 3
        var networkx = true
        /// networkx is stopped after this long; nil: 60 × Baton's median task time (at least
        /// 10 s): past 50× the goal is decided, so no need to wait many minutes.
        var networkxTimeoutSeconds: Double?
        var sampleRequests = 200

        static let quick = Sizes(
            vertices: 2_000, edges: 10_000, communitySize: 20, baselineEdges: 500, runs: 1,
            networkxTimeoutSeconds: 60, sampleRequests: 20)
    }

    /// Where the peers are and how to run them.
    struct Setup {
        var sizes = Sizes()
        var python = "python3"
        var peersScript = "Benchmarks/graph_peers.py"
    }

    /// One algorithm task, as the child process running its job saw it.
    struct BatonRun: Codable {
        /// The algorithm task, parent rows in → rows out: from the commit of the csv task's outcome
        /// (its 10^6 rows now in the store) to the commit of the algorithm task's (its rows
        /// ingested): claim, parent rows read, graph built, computed, rows written and stored.
        var taskSeconds: Double
        /// The algorithm task's started → ended as the store records them (ms). Not the measure:
        /// both stamps are taken when a work step begins, so `started` comes before the parent's
        /// rows were ingested in the same step, and this includes that ingestion.
        var storeSeconds: Double
        /// The task's result: reading the rows and building the graph, and the algorithm alone.
        var loadSeconds: Double
        var computeSeconds: Double
        /// The whole job (csv task + algorithm task), submit → ended seen.
        var jobSeconds: Double
        /// VmHWM of the child process over the job (reset at its start through clear_refs).
        var peakBytes: Int
        var rows: Int
        var report: String
    }

    /// One peer run (graph_peers.py's JSON).
    struct PeerRun: Codable {
        var peer: String
        var version: String
        var loadSeconds: Double
        var computeSeconds: Double
        var writeSeconds: Double
        var totalSeconds: Double
        var peakBytes: Int
        var timedOut = false
    }

    struct AlgorithmResult: Codable {
        var name: String
        var graph: String
        var vertices: Int
        var edges: Int
        var baton: [BatonRun] = []
        var baselinePeakBytes = 0
        var baselineEdges = 0
        var igraph: [PeerRun] = []
        var networkx: PeerRun?
        var failure: String?

        var batonWhole: Double { median(baton.map(\.taskSeconds)) }
        var batonCompute: Double { median(baton.map(\.computeSeconds)) }
        var igraphWhole: Double { median(igraph.map(\.totalSeconds)) }
        var igraphCompute: Double { median(igraph.map(\.computeSeconds)) }
        /// Peak beyond the fixed overhead (the same job on the baseline graph), per input edge.
        var bytesPerEdge: Double {
            Double((baton.map(\.peakBytes).max() ?? 0) - baselinePeakBytes) / Double(max(1, edges - baselineEdges))
        }
    }

    struct Result: Codable {
        var sizes: Sizes
        var algorithms: [AlgorithmResult] = []
        /// `GET /api-open/v1/jobs/N/tasks/UUID/sample_result?limit=10` on the csv task.
        var sampleResult: Latency?
        var sampleRows = 0
        var loadAverageBefore = ""
        var loadAverageAfter = ""
    }

    /// Explorer's name, the task of tasks.yml, the graph it runs on, and whether it is undirected.
    static let algorithms: [(name: String, task: String, graph: String, undirected: Bool)] = [
        ("PageRank", "PAGERANK", "random", false), ("WCC", "WCC", "random", false), ("KCore", "KCORE", "random", true),
        ("TriangleCount", "TRIANGLES", "random", true), ("Louvain", "LOUVAIN", "planted", true),
    ]

    // MARK: the parent: graphs, homes, jobs in child processes, peers

    static func run(setup: Setup, parent: URL) throws -> Result {
        let sizes = setup.sizes
        var result = Result(sizes: sizes, loadAverageBefore: loadAverage())
        let graphs = parent.appendingPathComponent("graphs")
        try FileManager.default.createDirectory(at: graphs, withIntermediateDirectories: true)
        let started = nowNanos()
        try writeRandom(to: graphs.appendingPathComponent("random.csv"), vertices: sizes.vertices, edges: sizes.edges, seed: 7)
        try writePlanted(
            to: graphs.appendingPathComponent("planted.csv"), vertices: sizes.vertices, edges: sizes.edges,
            communitySize: sizes.communitySize, inside: sizes.insideShare, seed: 11)
        try writeRandom(
            to: graphs.appendingPathComponent("baseline.csv"), vertices: max(2, sizes.baselineEdges / 5),
            edges: sizes.baselineEdges, seed: 13)
        log(
            String(
                format: "graphs written in %.1f s (%d vertices, %d edges)", Double(nowNanos() - started) / 1e9, sizes.vertices,
                sizes.edges))

        var sampleHome: URL?
        for algorithm in algorithms {
            var entry = AlgorithmResult(
                name: algorithm.name, graph: algorithm.graph, vertices: sizes.vertices, edges: sizes.edges)
            do {
                let baseline = try batonJob(
                    parent: parent, graphs: graphs, workflow: "graph.\(algorithm.name).baseline", keep: false
                ).run
                entry.baselinePeakBytes = baseline.peakBytes
                entry.baselineEdges = sizes.baselineEdges
                for index in 1...max(1, sizes.runs) {
                    // Baton then igraph, alternating, so that a noisy neighbour weighs on both.
                    let keep = algorithm.name == "PageRank" && index == 1
                    let (run, home) = try batonJob(
                        parent: parent, graphs: graphs, workflow: "graph.\(algorithm.name)", keep: keep)
                    if keep { sampleHome = home }
                    entry.baton.append(run)
                    log(
                        String(
                            format:
                                "%@ run %d, Baton: task %.3f s (load %.3f, compute %.3f; store's started→ended %.3f s), job %.3f s, peak %.1f MB",
                            algorithm.name, index, run.taskSeconds, run.loadSeconds, run.computeSeconds, run.storeSeconds,
                            run.jobSeconds,
                            Double(run.peakBytes) / 1_048_576))
                    let peer = try peerRun(setup: setup, peer: "igraph", algorithm: algorithm, graphs: graphs, timeout: 3600)
                    entry.igraph.append(peer)
                    log(
                        String(
                            format:
                                "%@ run %d, igraph %@: total %.3f s (read+build %.3f, compute %.3f, write %.3f), peak %.1f MB",
                            algorithm.name, index, peer.version, peer.totalSeconds, peer.loadSeconds, peer.computeSeconds,
                            peer.writeSeconds, Double(peer.peakBytes) / 1_048_576))
                }
                if sizes.networkx {
                    let peer = try peerRun(
                        setup: setup, peer: "networkx", algorithm: algorithm, graphs: graphs,
                        timeout: sizes.networkxTimeoutSeconds ?? max(10, 60 * entry.batonWhole))
                    entry.networkx = peer
                    log(
                        String(
                            format: "%@, networkx %@: total %.1f s%@ (read+build %.1f, compute %.1f), peak %.1f MB",
                            algorithm.name,
                            peer.version, peer.totalSeconds, peer.timedOut ? " (timed out)" : "", peer.loadSeconds,
                            peer.computeSeconds, Double(peer.peakBytes) / 1_048_576))
                }
            } catch {
                entry.failure = "\(error)"
                log("\(algorithm.name) failed: \(error)")
            }
            result.algorithms.append(entry)
        }
        if let home = sampleHome {
            defer { try? FileManager.default.removeItem(at: home) }
            (result.sampleResult, result.sampleRows) = try sampleResult(
                home: home, parent: parent, requests: sizes.sampleRequests)
            log("sample_result?limit=10 on \(result.sampleRows) rows: \(result.sampleResult!)")
        }
        try? FileManager.default.removeItem(at: graphs)
        result.loadAverageAfter = loadAverage()
        return result
    }

    /// A fresh home with the generated graphs hard-linked in, one job of `workflow` run by a child
    /// `baton-bench graph-job` process (its memory is then the job's alone). The home is removed
    /// unless `keep`.
    private static func batonJob(parent: URL, graphs: URL, workflow: String, keep: Bool) throws -> (run: BatonRun, home: URL) {
        let home = try createHome(in: parent, graphs: graphs)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServerProcess.selfPath)
        process.arguments = ["graph-job", home.path, workflow]
        let output = Pipe()
        process.standardOutput = output
        let logFile = parent.appendingPathComponent("graph-job.log")
        if !FileManager.default.fileExists(atPath: logFile.path) {
            FileManager.default.createFile(atPath: logFile.path, contents: nil)
        }
        let errors = try FileHandle(forWritingTo: logFile)
        errors.seekToEndOfFile()
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? errors.close()
        if !keep { try? FileManager.default.removeItem(at: home) }
        guard process.terminationStatus == 0 else {
            throw GraphBenchError(
                description: "graph-job \(workflow) exited \(process.terminationStatus): "
                    + "\(String(decoding: data, as: UTF8.self)); see \(logFile.path)")
        }
        return (try JSONDecoder().decode(BatonRun.self, from: data), home)
    }

    private static func createHome(in parent: URL, graphs: URL) throws -> URL {
        let home = parent.appendingPathComponent("graph-\(UUID().uuidString.prefix(8))")
        let data = home.appendingPathComponent("graphs")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        for name in ["random.csv", "planted.csv", "baseline.csv"] {
            // A hard link: the same file for every home, no copy of 10^6 lines per run.
            let source = graphs.appendingPathComponent(name)
            let target = data.appendingPathComponent(name)
            if link(source.path, target.path) != 0 { try FileManager.default.copyItem(at: source, to: target) }
        }
        let tasks = """
            EDGES_RANDOM: {csv: {path: graphs/random.csv, header: false}}
            EDGES_PLANTED: {csv: {path: graphs/planted.csv, header: false}}
            EDGES_BASELINE: {csv: {path: graphs/baseline.csv, header: false}}
            # Exactly 10 rounds (EPS 0), as the issue asks.
            PAGERANK: {algorithm: PageRank, params: {ITERATIONS: 10, EPS: 0, DAMPING: 0.85}}
            WCC: {algorithm: WCC}
            KCORE: {algorithm: KCore, params: {IS_DIRECTED: false}}
            TRIANGLES: {algorithm: TriangleCount, params: {IS_DIRECTED: false}}
            LOUVAIN: {algorithm: Louvain, params: {IS_DIRECTED: false}}

            """
        var workflows = ""
        for algorithm in algorithms {
            for (suffix, edges) in [("", "EDGES_" + algorithm.graph.uppercased()), (".baseline", "EDGES_BASELINE")] {
                workflows += """
                    graph.\(algorithm.name)\(suffix):
                      tasks:
                        - {id: edges_1, task: \(edges)}
                        - {id: algo_1, needs: [edges_1], task: \(algorithm.task)}

                    """
            }
        }
        try workflows.write(to: home.appendingPathComponent("workflows.yml"), atomically: true, encoding: .utf8)
        try tasks.write(to: home.appendingPathComponent("tasks.yml"), atomically: true, encoding: .utf8)
        try "".write(to: home.appendingPathComponent("baton.yml"), atomically: true, encoding: .utf8)
        return home
    }

    /// `python3 graph_peers.py --peer PEER ...` on the algorithm's CSV; killed after `timeout`
    /// seconds (then the run counts as at least `timeout` seconds, marked timed out).
    private static func peerRun(
        setup: Setup, peer: String, algorithm: (name: String, task: String, graph: String, undirected: Bool),
        graphs: URL, timeout: Double
    ) throws -> PeerRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let out = graphs.appendingPathComponent("\(peer)-\(algorithm.name)-out.csv")
        defer { try? FileManager.default.removeItem(at: out) }
        process.arguments =
            [
                setup.python, setup.peersScript, "--peer", peer, "--algorithm", algorithm.name,
                "--csv", graphs.appendingPathComponent("\(algorithm.graph).csv").path, "--out", out.path,
            ]
            + (algorithm.undirected ? ["--undirected"] : [])
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // Read on another thread so that the timeout below can fire while the peer computes.
        let box = ResultBox<Data>()
        let read = DispatchSemaphore(value: 0)
        let reader = Thread {
            box.set(.success(output.fileHandleForReading.readDataToEndOfFile()))
            read.signal()
        }
        reader.start()
        let started = nowNanos()
        while process.isRunning && Double(nowNanos() - started) / 1e9 < timeout { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            return PeerRun(
                peer: peer, version: "?", loadSeconds: .nan, computeSeconds: .nan, writeSeconds: .nan,
                totalSeconds: timeout, peakBytes: 0, timedOut: true)
        }
        process.waitUntilExit()
        read.wait()
        let data = try box.get()
        guard process.terminationStatus == 0,
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            throw GraphBenchError(
                description: "\(peer) on \(algorithm.name) failed (exit \(process.terminationStatus)): "
                    + String(decoding: data, as: UTF8.self))
        }
        func number(_ key: String) -> Double { (object[key] as? NSNumber)?.doubleValue ?? .nan }
        return PeerRun(
            peer: peer, version: object["version"] as? String ?? "?", loadSeconds: number("load_seconds"),
            computeSeconds: number("compute_seconds"), writeSeconds: number("write_seconds"),
            totalSeconds: number("total_seconds"), peakBytes: Int(number("peak_rss_bytes")))
    }

    /// A real `baton serve` on the kept home: the csv task's rows (one per edge) sampled through
    /// Explorer's API with a token from `connect`, after 5 warm-up requests.
    private static func sampleResult(home: URL, parent: URL, requests: Int) throws -> (Latency, Int) {
        let (job, task, rows) = try blocking { () async throws -> (Int64, UUID, Int) in
            let store = try await Home(directory: home).openStore()
            guard let job = try await store.jobList(JobQuery(limit: 10)).jobs.first,
                let task = try await store.taskList(job: job.number).first(where: { $0.key == "edges_1" }),
                case .int(let rows)? = task.result?["rows"]
            else {
                throw GraphBenchError(description: "no csv task in the kept home \(home.path)")
            }
            return (job.number, task.uuid, rows)
        }
        let server = try ServerProcess.serve(home: home, logFile: parent.appendingPathComponent("graph-serve.log"))
        defer { server.stop() }
        let explorer = try ServerBench.explorerClient(base: server.base, home: home)
        let path = "/api-open/v1/jobs/\(job)/tasks/\(task.uuidString.lowercased())/sample_result?limit=10"
        _ = try explorer.get(path, count: 5)
        return (try explorer.get(path, count: requests).latency, rows)
    }

    private static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ")
            ?? "?"
    }

    // MARK: the child: one job, in its own process

    /// `baton-bench graph-job HOME WORKFLOW`: runs one job of `WORKFLOW` on `HOME` with an engine
    /// in this process, exactly as `baton serve` would, and prints a `BatonRun` as JSON.
    static func childJob(arguments: [String]) throws {
        guard arguments.count == 2 else { throw GraphBenchError(description: "usage: graph-job HOME WORKFLOW") }
        let home = try Home(directory: URL(fileURLWithPath: arguments[0]))
        let workflow = arguments[1]
        let run = try blocking { try await runJob(home: home, workflow: workflow) }
        FileHandle.standardOutput.write(try JSONEncoder().encode(run))
    }

    private static func runJob(home: Home, workflow: String) async throws -> BatonRun {
        let registry = BenchHome.registry()
        // Notes when each task's outcome transaction committed, for `taskSeconds`.
        let store = TimingStore(try await home.openStore())
        let engine = Engine(store: store, registry: registry, configuration: home.engineConfiguration(concurrency: 2))
        let service = JobService(store: store, definitions: try home.definitions(swiftTasks: registry.names), engine: engine)
        // Peak RSS from here on: setting up the process is the fixed part, not the job's.
        resetPeakRSS()
        let started = nowNanos()
        let number = try await service.start(workflow: workflow, payload: [:]).number
        let running = Task { try await engine.run() }
        var status = JobStatus.pending
        while status != .success && status != .failed {
            try await Task.sleep(for: .milliseconds(2))
            status = try await store.jobGet(number: number)?.status ?? .failed
        }
        let jobSeconds = Double(nowNanos() - started) / 1e9
        let peak = peakRSSBytes()
        running.cancel()
        _ = try? await running.value
        let tasks = try await store.taskList(job: number)
        guard status == .success, let task = tasks.first(where: { $0.key == "algo_1" }),
            let begin = task.started, let end = task.ended, let result = task.result
        else {
            let reasons = tasks.map { "\($0.key): \($0.status) \($0.error.map { "\($0)" } ?? "")" }.joined(separator: "; ")
            throw GraphBenchError(description: "job of \(workflow) ended \(status): \(reasons)")
        }
        func seconds(_ key: String) -> Double {
            switch result[key] {
            case .double(let value)?: return value
            case .int(let value)?: return Double(value)
            default: return .nan
            }
        }
        guard let parentCommitted = store.committed(job: number, key: "edges_1"),
            let committed = store.committed(job: number, key: "algo_1")
        else {
            throw GraphBenchError(description: "no commit time noted for the tasks of \(workflow)")
        }
        let rows = try await store.taskRows(task: task.id, offset: 0, limit: Int.max).count
        return BatonRun(
            taskSeconds: Double(committed - parentCommitted) / 1e9, storeSeconds: Double(end - begin) / 1000,
            loadSeconds: seconds("load_seconds"),
            computeSeconds: seconds("seconds"), jobSeconds: jobSeconds, peakBytes: peak, rows: rows,
            report: result.jsonText)
    }

    /// Writing 5 to clear_refs resets VmHWM to the current RSS (Linux ≥ 4.0).
    private static func resetPeakRSS() {
        if let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
            handle.write(Data("5".utf8))
            try? handle.close()
        }
    }

    private static func peakRSSBytes() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes * 1024
    }

    // MARK: graphs

    /// SplitMix64: the same graphs on every machine for a seed.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    }

    /// `edges` directed pairs drawn uniformly among `vertices` (no self-loops; repeats are rare and kept).
    static func writeRandom(to url: URL, vertices: Int, edges: Int, seed: UInt64) throws {
        var random = Random(state: seed)
        try writeEdges(to: url, count: edges) {
            let u = random.below(vertices)
            var v = random.below(vertices)
            while v == u { v = random.below(vertices) }
            return (u, v)
        }
    }

    /// Planted partition: communities of `communitySize` consecutive vertices; an edge starts at
    /// a uniform vertex and ends in its own community with probability `inside`, anywhere else otherwise.
    static func writePlanted(to url: URL, vertices: Int, edges: Int, communitySize: Int, inside: Double, seed: UInt64) throws {
        var random = Random(state: seed)
        try writeEdges(to: url, count: edges) {
            let u = random.below(vertices)
            var v = u
            while v == u {
                if random.unit() < inside {
                    let first = u / communitySize * communitySize
                    v = first + random.below(min(communitySize, vertices - first))
                } else {
                    v = random.below(vertices)
                }
            }
            return (u, v)
        }
    }

    private static func writeEdges(to url: URL, count: Int, _ next: () -> (Int, Int)) throws {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        for _ in 0..<count {
            let (u, v) = next()
            buffer.append(contentsOf: "\(u),\(v)\n".utf8)
            if buffer.count >= 1 << 20 {
                handle.write(Data(buffer))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        handle.write(Data(buffer))
    }
}

struct GraphBenchError: Error, CustomStringConvertible {
    let description: String
}
