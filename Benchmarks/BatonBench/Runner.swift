import Foundation

/// Runs every measurement in order and gathers the report.
struct Runner {
    let options: Options

    func run() throws -> Report {
        let sizes = options.sizes
        let parent = options.directory.appendingPathComponent("baton-bench-\(getpid())")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: parent) }
        var report = Report(machine: Machine.current(directory: options.directory), sizes: sizes)
        if options.graph {
            // The graph run stands alone: minutes of its own, and the other sections would only
            // load the machine it measures.
            report.graph = try GraphBench.run(setup: options.graphSetup, parent: parent)
            return report
        }

        if !options.skipLimits {
            log("physical limits")
            report.durableCommitsPerSecond = try PhysicalLimits.durableCommitsPerSecond(in: parent, seconds: sizes.limitSeconds)
            report.spawnsPerSecond1 = PhysicalLimits.spawnsPerSecond(threads: 1, seconds: sizes.limitSeconds)
            report.spawnsPerSecond16 = PhysicalLimits.spawnsPerSecond(threads: sizes.concurrency, seconds: sizes.limitSeconds)
            let bare = try ServerProcess(arguments: ["bare-server"], logFile: parent.appendingPathComponent("bare.log"))
            report.bareHummingbird = try HTTPBench(base: bare.base).get("/ping", clients: 64, seconds: sizes.loadSeconds)
            bare.stop()
            log(
                String(
                    format: "durable commits %.0f/s, spawns %.0f/s (1 thread) %.0f/s (%d threads), bare Hummingbird %.0f req/s",
                    report.durableCommitsPerSecond, report.spawnsPerSecond1, report.spawnsPerSecond16, sizes.concurrency,
                    report.bareHummingbird?.requestsPerSecond ?? 0))
        }

        if !options.skipEngine {
            for run in 1...sizes.engineRuns {
                let swift = try blocking {
                    try await EngineBench.throughput(
                        parent: parent, workflow: "bench.CHAIN", jobs: sizes.engineSwiftJobs, concurrency: sizes.concurrency)
                }
                log(
                    String(
                        format: "engine run %d, Swift no-op: %.0f tasks/s (%.2f s, %d failed)", run, swift.tasksPerSecond,
                        swift.seconds, swift.failedJobs))
                report.engineSwift.append(swift)
                let shell = try blocking {
                    try await EngineBench.throughput(
                        parent: parent, workflow: "bench.SHELL", jobs: sizes.engineShellJobs, concurrency: sizes.concurrency)
                }
                log(
                    String(
                        format: "engine run %d, shell true: %.0f tasks/s (%.2f s, %d failed)", run, shell.tasksPerSecond,
                        shell.seconds, shell.failedJobs))
                report.engineShell.append(shell)
            }
            report.dispatch = try blocking { try await EngineBench.dispatch(parent: parent, jobs: sizes.dispatchJobs) }
            log("dispatch, idle engine: \(report.dispatch!.commitToStart)")
        }
        if !options.skipServer {
            report.server = try ServerBench(sizes: sizes, parent: parent).run()
        }
        if let postgres = options.postgres {
            if !options.skipLimits {
                report.postgresCommitsPerSecond1 = try PostgresLimits.durableCommitsPerSecond(
                    url: postgres, connections: 1, seconds: sizes.limitSeconds)
                report.postgresCommitsPerSecond16 = try PostgresLimits.durableCommitsPerSecond(
                    url: postgres, connections: sizes.concurrency, seconds: sizes.limitSeconds)
                log(
                    String(
                        format: "PostgreSQL durable commits %.0f/s (1 connection), %.0f/s (%d)", report.postgresCommitsPerSecond1,
                        report.postgresCommitsPerSecond16, sizes.concurrency))
            }
            // Runs interleaved (every P, then again) so that a noisy neighbour spreads over all of them.
            for (workflow, jobs) in [("bench.CHAIN", options.scaleSwiftJobs), ("bench.SHELL", options.scaleShellJobs)]
            where jobs > 0 {
                for run in 1...max(1, options.scaleRuns) {
                    for (url, processes) in [(String?.none, 1)] + options.scaleProcesses.map({ (Optional(postgres), $0) }) {
                        let point = try ScaleBench.run(
                            url: url, workflow: workflow, processes: processes, jobs: jobs,
                            concurrency: sizes.concurrency, parent: parent)
                        log(
                            String(
                                format:
                                    "scale run %d, %@ %@ × %d: %.0f jobs/s, %.0f tasks/s (%.2f s; CPU workers %.1f s, postgres %.1f s; machine %.0f %% busy; %d failed)",
                                run, point.database, workflow, processes, point.jobsPerSecond, point.tasksPerSecond,
                                point.seconds,
                                point.workerCPUSeconds, point.postgresCPUSeconds, point.machineBusyPercent, point.failedJobs))
                        report.scale.append(point)
                    }
                }
            }
        }
        if let director = options.director {
            log("side by side with Director at \(director)")
            report.compare = try Compare(sizes: sizes, parent: parent, director: director).run()
        }
        return report
    }
}

/// Where the numbers come from.
struct Machine: Codable {
    var date: String
    var cores: Int
    var cpu: String
    var memoryGB: Double
    var kernel: String
    var loadAverage: String
    var directory: String

    static func current(directory: URL) -> Machine {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model =
            cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last!.trimmingCharacters(in: .whitespaces) } ?? "?"
        var name = utsname()
        uname(&name)
        let release = withUnsafeBytes(of: name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let load =
            (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(
                separator: " ") ?? "?"
        return Machine(
            date: ISO8601DateFormatter().string(from: Date()), cores: ProcessInfo.processInfo.activeProcessorCount,
            cpu: model, memoryGB: Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824,
            kernel: release, loadAverage: load, directory: directory.path)
    }
}
