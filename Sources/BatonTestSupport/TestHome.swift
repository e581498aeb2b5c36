import Baton
import BatonCore
import BatonEngine
import BatonStore
import Foundation

/// A temporary home built from inline YAML, with its store open, for running real jobs in tests.
public struct TestHome: Sendable {
    public let directory: URL
    public let home: Home
    public let store: any Store
    public let definitions: DefinitionSet
    public let registry: TaskRegistry

    public init(
        workflows: String, tasks: String = "", registry: TaskRegistry = TaskRegistry(), settings: String = "",
        schemas: [String: String] = [:]
    ) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("baton-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try workflows.write(to: directory.appendingPathComponent("workflows.yml"), atomically: true, encoding: .utf8)
        try tasks.write(to: directory.appendingPathComponent("tasks.yml"), atomically: true, encoding: .utf8)
        try settings.write(to: directory.appendingPathComponent("baton.yml"), atomically: true, encoding: .utf8)
        if !schemas.isEmpty {
            let folder = directory.appendingPathComponent("schemas")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, text) in schemas {
                try text.write(to: folder.appendingPathComponent("\(name).json"), atomically: true, encoding: .utf8)
            }
        }
        home = try Home(directory: directory)
        store = try await home.openStore()
        definitions = try home.definitions(swiftTasks: registry.names)
        self.registry = registry
    }

    public func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    public func engine(
        concurrency: Int = 4, worker: String? = nil, store: (any Store)? = nil, leaseSeconds: Double = 30,
        shutdownGrace: Double = 2
    ) -> Engine {
        var configuration = home.engineConfiguration(concurrency: concurrency, definitions: definitions)
        if let worker { configuration.worker = worker }
        configuration.leaseSeconds = leaseSeconds
        configuration.cancelGrace = 2
        configuration.shutdownGrace = shutdownGrace
        return Engine(store: store ?? self.store, registry: registry, configuration: configuration)
    }

    public func service(_ engine: Engine? = nil) -> JobService {
        JobService(store: store, definitions: definitions, engine: engine)
    }

    /// Starts a job, runs an engine until the job and its hooks are done, and returns both.
    public func run(
        _ workflow: String, payload: JSON = [:], input: [String: [String: JSON]] = [:],
        timeout: Duration = .seconds(60)
    ) async throws -> (JobRecord, [TaskRecord]) {
        let engine = self.engine()
        let running = Task { try await engine.run() }
        defer { running.cancel() }
        let job = try await service(engine).start(workflow: workflow, payload: payload, input: input)
        let done = try await waitForEnd(job.number, engine: engine, timeout: timeout)
        running.cancel()
        _ = try? await running.value
        return done
    }

    /// Waits until the job has ended and no hook is left to run.
    public func waitForEnd(
        _ number: Int64, engine: Engine, timeout: Duration = .seconds(60)
    ) async throws -> (JobRecord, [TaskRecord]) {
        var result: (JobRecord, [TaskRecord])?
        try await eventually(timeout: timeout, { await engine.waitForProgress(timeout: .milliseconds(100)) }) {
            let job = try await store.jobGet(number: number)!
            let tasks = try await store.taskList(job: number)
            guard service().isSettled(job, tasks: tasks) else { return false }
            result = (job, tasks)
            return true
        }
        return result!
    }
}

public struct TimedOut: Error, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
}

/// Checks `condition` until it holds, pausing with `pause` between checks; fails after `timeout`.
public func eventually(
    timeout: Duration = .seconds(60), _ pause: () async -> Void = { try? await Task.sleep(for: .milliseconds(20)) },
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        await pause()
    }
    throw TimedOut(description: "condition not met within \(timeout)")
}

extension Array where Element == TaskRecord {
    public func named(_ key: String) -> TaskRecord { first { $0.key == key && $0.hook == nil } ?? first { $0.key == key }! }
}

/// Processes of process group `group` that are still alive (zombies, which run nothing and
/// wait only for a parent to reap them, do not count), read from /proc.
public func liveProcesses(inGroup group: Int32) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { entry -> Int32? in
        guard let pid = Int32(entry),
            let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after "(comm)": state, ppid, pgrp, ...
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 2, fields[0] != "Z", Int32(fields[2]) == group else { return nil }
        return pid
    }
}
