import Foundation

/// Every figure of one run, printed as Markdown for BENCHMARKS.md (and as JSON with --json).
struct Report: Codable {
    var machine: Machine
    var sizes: Sizes
    var durableCommitsPerSecond = 0.0
    var spawnsPerSecond1 = 0.0
    var spawnsPerSecond16 = 0.0
    /// PostgreSQL's durable commits per second from 1 and from 16 connections (with --postgres).
    var postgresCommitsPerSecond1 = 0.0
    var postgresCommitsPerSecond16 = 0.0
    var bareHummingbird: HTTPBench.Load?
    var engineSwift: [EngineBench.Throughput] = []
    var engineShell: [EngineBench.Throughput] = []
    var dispatch: EngineBench.Dispatch?
    var server: ServerBench.Result?
    var compare: Compare.Result?
    var scale: [ScaleBench.Point] = []
    var graph: GraphBench.Result?

    private func f(_ value: Double, _ digits: Int = 0) -> String { String(format: "%.\(digits)f", value) }
    private func ms(_ value: Double) -> String { String(format: "%.2f ms", value) }
    private func verdict(_ ok: Bool) -> String { ok ? "met" : "**not met**" }

    var markdown: String {
        var lines: [String] = []
        lines.append("## Run of \(machine.date)")
        lines.append("")
        if sizes.isQuick {
            lines.append("**--quick: tiny numbers that only show the program works; none of them is a measurement.**")
            lines.append("")
        }
        lines.append(
            "Machine: \(machine.cores) cores (\(machine.cpu)), \(f(machine.memoryGB, 1)) GiB, Linux \(machine.kernel); "
                + "load average at start \(machine.loadAverage); homes under \(machine.directory).")
        lines.append("")
        if durableCommitsPerSecond > 0 {
            lines.append("### Physical limits (same run)")
            lines.append("")
            lines.append("| limit | value |")
            lines.append("|---|---|")
            lines.append("| durable commits (1 row per transaction, WAL, synchronous=FULL) | \(f(durableCommitsPerSecond))/s |")
            lines.append("| spawn + reap `true`, 1 thread | \(f(spawnsPerSecond1))/s |")
            lines.append("| spawn + reap `true`, \(sizes.concurrency) threads | \(f(spawnsPerSecond16))/s |")
            if postgresCommitsPerSecond1 > 0 {
                lines.append(
                    "| PostgreSQL durable commits (1-row INSERT, synchronous_commit on), 1 / 16 connections | "
                        + "\(f(postgresCommitsPerSecond1))/s / \(f(postgresCommitsPerSecond16))/s |")
            }
            if let bare = bareHummingbird {
                lines.append(
                    "| bare Hummingbird GET, 64 keep-alive clients | \(f(bare.requestsPerSecond)) req/s (p50 \(ms(bare.latency.p50))) |"
                )
            }
        }
        if !engineSwift.isEmpty {
            lines.append("")
            lines.append("### Engine: 3-task chains, in process, durable commits, \(sizes.concurrency) workers")
            lines.append("")
            lines.append("| tasks | jobs | runs: tasks/s | median jobs/s | median tasks/s | failed |")
            lines.append("|---|---|---|---|---|---|")
            for (name, runs) in [("Swift no-op", engineSwift), ("shell `true`", engineShell)] where !runs.isEmpty {
                lines.append(
                    "| \(name) | \(runs[0].jobs) | \(runs.map { f($0.tasksPerSecond) }.joined(separator: ", ")) | "
                        + "\(f(median(runs.map(\.jobsPerSecond)))) | \(f(median(runs.map(\.tasksPerSecond)))) | "
                        + "\(runs.map(\.failedJobs).reduce(0, +)) |")
            }
            if let load = engineSwift.last?.dispatchUnderLoad {
                lines.append("")
                lines.append(
                    "Dispatch while saturated (Swift run): \(load). Peak RSS of the bench process after the engine runs: "
                        + "\(f(engineSwift.last!.processPeakMB, 1)) MB.")
            }
        }
        if let dispatch {
            lines.append("")
            lines.append("Dispatch latency, idle engine, one chain at a time (\(dispatch.commitToStart.n) parent→child steps):")
            lines.append("")
            lines.append("* parent committed → child started: \(dispatch.commitToStart)")
            lines.append("* parent returned → child started (includes the durable commit): \(dispatch.returnToStart)")
        }
        if let server {
            lines.append("")
            lines.append("### HTTP API (`baton serve` as its own process)")
            lines.append("")
            lines.append("| measurement | p50 | p99 | requests/s |")
            lines.append("|---|---|---|---|")
            lines.append(
                "| 3-task chain, POST → `success` seen (polling every 0.2 ms), n=\(server.endToEndChain.n) | "
                    + "\(ms(server.endToEndChain.p50)) | \(ms(server.endToEndChain.p99)) | |")
            lines.append(
                "| POST /api/workflows, 1 client, n=\(server.post1.requests) | \(ms(server.post1.latency.p50)) | "
                    + "\(ms(server.post1.latency.p99)) | \(f(server.post1.requestsPerSecond)) |")
            lines.append(
                "| POST /api/workflows, 64 clients, n=\(server.post64.requests) | \(ms(server.post64.latency.p50)) | "
                    + "\(ms(server.post64.latency.p99)) | \(f(server.post64.requestsPerSecond)) |")
            lines.append(
                "| GET /api/ping, 64 clients | \(ms(server.pingRequestsPerSecond.latency.p50)) | "
                    + "\(ms(server.pingRequestsPerSecond.latency.p99)) | \(f(server.pingRequestsPerSecond.requestsPerSecond)) |")
            for point in server.lists {
                lines.append(
                    "| GET /api/workflows?per_page=100, \(point.jobs) jobs | \(ms(point.directorList.p50)) | \(ms(point.directorList.p99)) | |"
                )
                lines.append(
                    "| GET /api-open/v1/jobs, \(point.jobs) jobs | \(ms(point.explorerList.p50)) | \(ms(point.explorerList.p99)) | |"
                )
            }
            lines.append("")
            lines.append(
                "RSS of `baton serve`: idle \(f(server.idleRSSMB, 1)) MB at start (of which Pss \(f(server.idlePSSMB, 1)) MB, "
                    + "private anonymous \(f(server.idleAnonymousMB, 1)) MB), \(f(server.idleRSSAfterLoadMB, 1)) MB idle after the load, "
                    + "peak \(f(server.peakRSSMB, 1)) MB (VmHWM) under the POST and chain load; the list server's peak with "
                    + "\(server.lists.last?.jobs ?? 0) jobs: \(f(server.listServerPeakRSSMB, 1)) MB.")
        }
        if let compare {
            lines.append("")
            lines.append("### Side by side with Celery Director (\(compare.rounds) alternating rounds, medians)")
            lines.append("")
            lines.append("| measurement | Baton | Director | Baton/Director |")
            lines.append("|---|---|---|---|")
            lines.append(
                "| POST /api/workflows bench.SINGLE, p50 | \(ms(median(compare.baton.postP50))) | \(ms(median(compare.director.postP50))) | \(f(compare.postP50Ratio, 4)) |"
            )
            lines.append(
                "| bench.CHAIN submit → success, p50 | \(ms(median(compare.baton.endToEndP50))) | \(ms(median(compare.director.endToEndP50))) | \(f(compare.endToEndP50Ratio, 4)) |"
            )
            lines.append(
                "| bench.CHAIN × \(compare.chainJobs) from 8 clients, jobs/s | \(f(median(compare.baton.chainJobsPerSecond), 1)) | \(f(median(compare.director.chainJobsPerSecond), 1)) | \(f(compare.chainThroughputRatio, 1)) |"
            )
        }
        if !scale.isEmpty {
            lines.append("")
            lines.append("### Scaling out: separate worker processes on one database, \(sizes.concurrency) workers each")
            lines.append("")
            lines.append(
                "| tasks | database | processes | jobs | runs: jobs/s | median jobs/s | median tasks/s | CPU s: workers | CPU s: PostgreSQL | machine busy | failed |"
            )
            lines.append("|---|---|---|---|---|---|---|---|---|---|---|")
            var groups: [(key: String, runs: [ScaleBench.Point])] = []
            for point in scale {
                let key = "\(point.workflow)/\(point.database)/\(point.processes)"
                if let index = groups.firstIndex(where: { $0.key == key }) {
                    groups[index].runs.append(point)
                } else {
                    groups.append((key, [point]))
                }
            }
            for (_, runs) in groups {
                let first = runs[0]
                let name = first.workflow == "bench.SHELL" ? "shell `true`" : "Swift no-op"
                lines.append(
                    "| \(name) | \(first.database) | \(first.processes) | \(first.jobs) | \(runs.map { f($0.jobsPerSecond) }.joined(separator: ", ")) | "
                        + "\(f(median(runs.map(\.jobsPerSecond)))) | \(f(median(runs.map(\.tasksPerSecond)))) | "
                        + "\(f(median(runs.map(\.workerCPUSeconds)), 1)) | \(f(median(runs.map(\.postgresCPUSeconds)), 1)) | "
                        + "\(f(median(runs.map(\.machineBusyPercent)))) % | \(runs.map(\.failedJobs).reduce(0, +)) |")
            }
            lines.append("")
            lines.append(
                "CPU columns: medians of the worker processes' CPU seconds and of every `postgres` process's during the "
                    + "timed part; machine busy: share of all \(machine.cores) cores busy meanwhile (anything else on the machine included)."
            )
        }
        if let graph { lines += graphSection(graph) }
        lines.append("")
        lines.append("### Goals")
        lines.append("")
        lines += goals
        return lines.joined(separator: "\n")
    }

    private func seconds(_ value: Double) -> String { value.isNaN ? "—" : String(format: "%.3f s", value) }
    private func ratio(_ value: Double) -> String { value.isFinite ? String(format: "%.2f", value) : "—" }

    /// The graph table: medians of the runs, each Baton run followed by an igraph run.
    private func graphSection(_ graph: GraphBench.Result) -> [String] {
        var lines: [String] = []
        let sizes = graph.sizes
        lines.append("")
        lines.append("### Graph algorithms: a Baton job (csv → algorithm task) beside igraph and networkx")
        lines.append("")
        lines.append(
            "Graphs: random, \(sizes.vertices) vertices and \(sizes.edges) directed edges drawn uniformly (seed 7); "
                + "planted partition for Louvain, \(sizes.edges) edges, communities of \(sizes.communitySize) vertices, "
                + "\(f(100 * sizes.insideShare)) % of edges inside (seed 11). Medians of \(sizes.runs) run(s), Baton and igraph "
                + "alternating; networkx once. Load average \(graph.loadAverageBefore) before, \(graph.loadAverageAfter) after.")
        lines.append("")
        lines.append(
            "| algorithm | Baton task (whole) | Baton load / compute | igraph whole | igraph read+build / compute / write | "
                + "whole: igraph/Baton | compute: igraph/Baton | networkx whole | networkx/Baton | Baton peak | bytes/edge |")
        lines.append("|---|---|---|---|---|---|---|---|---|---|---|")
        for algorithm in graph.algorithms {
            if let failure = algorithm.failure, algorithm.baton.isEmpty || algorithm.igraph.isEmpty {
                lines.append(
                    "| \(algorithm.name) | failed: \(failure.replacingOccurrences(of: "|", with: "/").prefix(300)) |||||||||| ")
                continue
            }
            let networkx = algorithm.networkx.map { ($0.timedOut ? "> " : "") + seconds($0.totalSeconds) } ?? "not run"
            let networkxRatio =
                algorithm.networkx.map { ($0.timedOut ? "> " : "") + f($0.totalSeconds / algorithm.batonWhole, 1) } ?? "—"
            let igraphLoad = median(algorithm.igraph.map(\.loadSeconds))
            let igraphWrite = median(algorithm.igraph.map(\.writeSeconds))
            lines.append(
                "| \(algorithm.name) (\(algorithm.graph)) | \(seconds(algorithm.batonWhole)) | "
                    + "\(seconds(median(algorithm.baton.map(\.loadSeconds)))) / \(seconds(algorithm.batonCompute)) | "
                    + "\(seconds(algorithm.igraphWhole)) | \(seconds(igraphLoad)) / \(seconds(algorithm.igraphCompute)) / \(seconds(igraphWrite)) | "
                    + "\(ratio(algorithm.igraphWhole / algorithm.batonWhole)) | \(ratio(algorithm.igraphCompute / algorithm.batonCompute)) | "
                    + "\(networkx) | \(networkxRatio) | \(f(Double(algorithm.baton.map(\.peakBytes).max() ?? 0) / 1_048_576, 1)) MB | "
                    + "\(f(algorithm.bytesPerEdge, 1)) |")
        }
        lines.append("")
        lines.append(
            "Runs (Baton task s / igraph total s): "
                + graph.algorithms.map { algorithm in
                    "\(algorithm.name) "
                        + zip(algorithm.baton, algorithm.igraph).map {
                            String(format: "%.3f/%.3f", $0.taskSeconds, $1.totalSeconds)
                        }
                        .joined(separator: ", ")
                }.joined(separator: "; ") + ".")
        lines.append("")
        lines.append(
            "Baton whole is csv task's outcome committed → algorithm task's outcome committed. The store's own "
                + "started → ended of the algorithm task also counts the ingestion of the parent's rows (stamped at the start "
                + "of the work step that ingests them), medians: "
                + graph.algorithms.map { algorithm in
                    "\(algorithm.name) \(seconds(median(algorithm.baton.map(\.storeSeconds))))"
                }.joined(separator: ", ") + "; the whole job (csv task + algorithm task, submit → ended seen): "
                + graph.algorithms.map { "\($0.name) \(seconds(median($0.baton.map(\.jobSeconds))))" }.joined(separator: ", ")
                + ".")
        lines.append("")
        lines.append(
            "Baton peak: VmHWM of the child process running the job (reset when the job is submitted), of which "
                + "bytes/edge is what exceeds the same job's peak on a \(sizes.baselineEdges)-edge graph, per edge. "
                + "Peak RSS of the peers (getrusage, interpreter included): "
                + graph.algorithms.map { algorithm in
                    "\(algorithm.name) igraph \(f(Double(algorithm.igraph.map(\.peakBytes).max() ?? 0) / 1_048_576, 0)) MB"
                        + (algorithm.networkx.map { ", networkx \(f(Double($0.peakBytes) / 1_048_576, 0)) MB" } ?? "")
                }.joined(separator: "; ") + ".")
        if let sample = graph.sampleResult {
            lines.append("")
            lines.append(
                "`GET /api-open/v1/jobs/N/tasks/T/sample_result?limit=10` on the csv task of \(graph.sampleRows) rows "
                    + "(real `baton serve`, 1 keep-alive client): \(sample).")
        }
        return lines
    }

    private var goals: [String] {
        var lines: [String] = []
        if let graph {
            for algorithm in graph.algorithms {
                guard !algorithm.baton.isEmpty, !algorithm.igraph.isEmpty else {
                    lines.append("* \(algorithm.name): no measurement — **not met** (\(algorithm.failure ?? "?"))")
                    continue
                }
                let whole = algorithm.batonWhole <= algorithm.igraphWhole
                let compute = algorithm.batonCompute <= algorithm.igraphCompute
                var line =
                    "* \(algorithm.name): whole \(seconds(algorithm.batonWhole)) vs igraph \(seconds(algorithm.igraphWhole)) — \(verdict(whole)); "
                    + "compute \(seconds(algorithm.batonCompute)) vs igraph \(seconds(algorithm.igraphCompute)) — \(verdict(compute))"
                if let networkx = algorithm.networkx {
                    let times = networkx.totalSeconds / algorithm.batonWhole
                    line +=
                        "; ≥ 50× networkx: \(networkx.timedOut ? "> " : "")\(f(times, 1))× — "
                        + (times >= 50 ? "met" : networkx.timedOut ? "not known (networkx timed out)" : "**not met**")
                }
                line += "; ≤ 48 bytes/edge: \(f(algorithm.bytesPerEdge, 1)) — \(verdict(algorithm.bytesPerEdge <= 48))"
                lines.append(line)
            }
            if let sample = graph.sampleResult {
                lines.append(
                    "* sample_result?limit=10 on \(graph.sampleRows) rows ≤ 5 ms: p50 \(ms(sample.p50)), p99 \(ms(sample.p99)) — \(verdict(sample.p50 <= 5))"
                )
            }
        }
        if !engineSwift.isEmpty {
            let swift = median(engineSwift.map(\.tasksPerSecond))
            lines.append("* SQLite, one process, ≥ 20,000 no-op Swift tasks/s: \(f(swift)) — \(verdict(swift >= 20_000))")
            let shell = median(engineShell.map(\.tasksPerSecond))
            lines.append(
                "* shell tasks ≥ 80 % of the \(sizes.concurrency)-thread spawn rate: \(f(shell)) of \(f(spawnsPerSecond16)) = "
                    + "\(f(100 * shell / spawnsPerSecond16)) % — \(verdict(shell >= 0.8 * spawnsPerSecond16))")
        }
        for (processes, goal) in [(1, 3_000.0), (2, 5_000.0)] {
            let runs = scale.filter { $0.database == "PostgreSQL" && $0.workflow == "bench.CHAIN" && $0.processes == processes }
            guard !runs.isEmpty else { continue }
            let tasks = median(runs.map(\.tasksPerSecond))
            lines.append(
                "* PostgreSQL, \(processes) process\(processes == 1 ? "" : "es"), ≥ \(f(goal)) no-op Swift tasks/s: \(f(tasks)) — \(verdict(tasks >= goal))"
            )
        }
        if let dispatch {
            lines.append("* dispatch p50 ≤ 1 ms: \(ms(dispatch.commitToStart.p50)) — \(verdict(dispatch.commitToStart.p50 <= 1))")
        }
        if let server {
            lines.append(
                "* chain end to end p50 ≤ 2 ms: \(ms(server.endToEndChain.p50)) — \(verdict(server.endToEndChain.p50 <= 2))")
            let bare = bareHummingbird?.requestsPerSecond ?? 0
            let post = server.post64.requestsPerSecond
            lines.append(
                "* POST from 64 clients ≥ 10,000/s and ≥ 25 % of bare Hummingbird: \(f(post))/s = \(bare > 0 ? f(100 * post / bare) : "?") % of "
                    + "\(f(bare))/s — \(verdict(post >= 10_000 && bare > 0 && post >= 0.25 * bare))")
            lines.append(
                "* POST p50 ≤ 1 ms: \(ms(server.post1.latency.p50)) (1 client), \(ms(server.post64.latency.p50)) (64 clients) — "
                    + "\(verdict(server.post1.latency.p50 <= 1))")
            if let last = server.lists.last, let first = server.lists.first {
                let worst = max(last.directorList.p50, last.explorerList.p50)
                lines.append(
                    "* list p50 ≤ 5 ms at \(last.jobs) jobs, flat from \(first.jobs): /api/workflows \(ms(first.directorList.p50)) → "
                        + "\(ms(last.directorList.p50)), /api-open/v1/jobs \(ms(first.explorerList.p50)) → \(ms(last.explorerList.p50)) — \(verdict(worst <= 5))"
                )
            }
            lines.append("* idle RSS ≤ 40 MB: \(f(server.idleRSSMB, 1)) MB — \(verdict(server.idleRSSMB <= 40))")
            let peak = max(server.peakRSSMB, server.listServerPeakRSSMB)
            lines.append("* RSS under load ≤ 150 MB: \(f(peak, 1)) MB — \(verdict(peak <= 150))")
        }
        return lines
    }
}
