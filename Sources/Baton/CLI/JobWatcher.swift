import BatonCore
import BatonEngine
import BatonStore
import Foundation

/// Runs one job's tasks in this process and prints each task's progress until the job ends.
struct JobWatcher {
    let context: CommandContext
    let job: JobRecord

    /// Runs the job to its end; with tracing on, its spans are sent before this returns.
    func run() async throws -> JobRecord {
        let tracing = try context.tracing()
        return try await tracing.run { try await watch(tracing: tracing) }
    }

    private func watch(tracing: BatonTracing) async throws -> JobRecord {
        let engine = Engine(
            store: context.store, registry: context.registry,
            configuration: context.home.engineConfiguration(onlyJob: job.number, definitions: context.definitions),
            tracing: tracing)
        let engineTask = Task { try await engine.run() }
        let started = Date()
        var shown: [Int64: TaskStatus] = [:]
        var final = job
        while true {
            let tasks = try await context.store.taskList(job: job.number)
            for task in tasks where shown[task.id] != task.status {
                shown[task.id] = task.status
                let elapsed = String(format: "%7.3fs", Date().timeIntervalSince(started))
                let label = task.hook.map { "\(task.key) (\($0 == .success ? "success" : "failure") hook)" } ?? task.key
                var line = "[\(elapsed)] \(Format.pad(label, 28)) \(task.status.name)"
                if task.status == .running && task.attempt > 1 { line += " (attempt \(task.attempt))" }
                if let error = task.error, task.status == .failed || task.status == .ready { line += ": \(error.exception)" }
                print(line)
            }
            final = try await context.store.jobGet(number: job.number) ?? final
            if context.service().isSettled(final, tasks: tasks) { break }
            // Wake on the engine's own progress; the timeout covers work done by other processes.
            await engine.waitForProgress(timeout: .milliseconds(250))
        }
        engineTask.cancel()
        _ = try? await engineTask.value
        try await report(final)
        return final
    }

    private func report(_ job: JobRecord) async throws {
        print("job \(job.number) \(job.status.name) in \(Format.duration(job.created, job.ended))")
        guard job.status == .failed else { return }
        for task in try await context.store.taskList(job: job.number) where task.status == .failed && task.hook == nil {
            print("failed task: \(task.key): \(task.error?.exception ?? "failed")")
            if let log = try await context.store.taskLogs(task: task.id).last, !log.text.isEmpty {
                print("last lines of its log:")
                print(
                    LogTail.lastLines(log.text, 10).split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
                        .joined(separator: "\n"))
            }
        }
    }
}
