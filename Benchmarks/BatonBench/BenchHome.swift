import Baton
import Foundation
import Synchronization

/// The home every Baton measurement runs on: Director's bench workflows (the peer's
/// project-files/workflows.yml) with A, B, C as Swift tasks, the same chain with `shell`
/// tasks running `true`, nothing else.
enum BenchHome {
    static let workflows = """
        # Director's peer: A; A -> B -> C. A, B and C return a small dict and do nothing else.
        bench.SINGLE:
          tasks:
            - A
        bench.CHAIN:
          tasks:
            - A
            - B
            - C
        # The same chain with shell tasks running `true` (argv form: no /bin/sh in between).
        bench.SHELL:
          tasks:
            - TRUE_A
            - TRUE_B
            - TRUE_C
        """

    static let tasks = """
        TRUE_A: {shell: ["true"]}
        TRUE_B: {shell: ["true"]}
        TRUE_C: {shell: ["true"]}
        """

    /// Creates a fresh home under `parent` and returns its folder.
    static func create(in parent: URL, name: String) throws -> URL {
        let directory = parent.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try workflows.write(to: directory.appendingPathComponent("workflows.yml"), atomically: true, encoding: .utf8)
        try tasks.write(to: directory.appendingPathComponent("tasks.yml"), atomically: true, encoding: .utf8)
        try "".write(to: directory.appendingPathComponent("baton.yml"), atomically: true, encoding: .utf8)
        return directory
    }

    /// A, B, C return what Director's tasks return (`{"task": "A", "ok": true}`). With a
    /// recorder they also note when they started and ended, for the dispatch latency.
    static func registry(recorder: StartRecorder? = nil) -> TaskRegistry {
        var registry = TaskRegistry()
        for name in ["A", "B", "C"] {
            let result: JSON = ["task": .string(name), "ok": true]
            registry.register(name) { context in
                if let recorder {
                    let start = nowNanos()
                    recorder.record(job: context.jobNumber, key: context.taskKey, start: start, end: nowNanos())
                }
                return result
            }
        }
        return registry
    }
}

/// When each (job, task key) started and ended, in monotonic nanoseconds.
final class StartRecorder: Sendable {
    struct Times: Sendable {
        var start: UInt64 = 0
        var end: UInt64 = 0
    }

    private let times = Mutex([String: Times]())

    static func key(_ job: Int64, _ task: String) -> String { "\(job)/\(task)" }

    /// One lock per task: the recorder must not weigh on the throughput it watches.
    func record(job: Int64, key: String, start: UInt64, end: UInt64) {
        let name = Self.key(job, key)
        times.withLock { $0[name] = Times(start: start, end: end) }
    }

    func times(job: Int64, key: String) -> Times? { times.withLock { $0[Self.key(job, key)] } }
}
