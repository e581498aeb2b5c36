import Dispatch
import Foundation

/// Monotonic time in nanoseconds (CLOCK_MONOTONIC, through Dispatch).
@inline(__always) func nowNanos() -> UInt64 {
    DispatchTime.now().uptimeNanoseconds
}

/// Percentiles of a set of durations, in milliseconds.
struct Latency: Codable, CustomStringConvertible {
    var n: Int
    var p50: Double
    var p99: Double
    var mean: Double
    var max: Double

    /// Nearest-rank percentiles of `nanos`.
    init(nanos: [UInt64]) {
        let sorted = nanos.sorted()
        n = sorted.count
        func rank(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return .nan }
            let index = Swift.max(0, Swift.min(sorted.count - 1, Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1))
            return Double(sorted[index]) / 1e6
        }
        p50 = rank(50)
        p99 = rank(99)
        mean = sorted.isEmpty ? .nan : Double(sorted.reduce(0, +)) / Double(sorted.count) / 1e6
        max = rank(100)
    }

    var description: String { String(format: "p50 %.3f ms, p99 %.3f ms (n=%d, mean %.3f, max %.3f)", p50, p99, n, mean, max) }
}

/// The median of a few repeated measurements.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// Runs `body(i)` on `count` OS threads at once and returns when all have returned. Blocking
/// clients need real threads: the cooperative pool has only as many as there are cores.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let done = DispatchSemaphore(value: 0)
    for index in 0..<count {
        let thread = Thread {
            body(index)
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
    for _ in 0..<count { done.wait() }
}

/// Runs async code from the synchronous main thread (which is not one of the pool's threads).
func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let done = DispatchSemaphore(value: 0)
    let box = ResultBox<T>()
    Task {
        do { box.set(.success(try await body())) } catch { box.set(.failure(error)) }
        done.signal()
    }
    done.wait()
    return try box.get()
}

final class ResultBox<T: Sendable>: @unchecked Sendable {
    private var result: Result<T, any Error>?
    private let lock = NSLock()
    func set(_ value: Result<T, any Error>) { lock.withLock { result = value } }
    func get() throws -> T { try lock.withLock { result! }.get() }
}

/// Lines printed as the run goes (stderr), so that stdout holds only the report.
func log(_ text: String) {
    FileHandle.standardError.write(Data("[bench] \(text)\n".utf8))
}

/// VmRSS and VmHWM (peak) of a process, in MB, from /proc.
func processMemory(pid: Int32) -> (rss: Double, peak: Double) {
    let fields = procMegabytes("/proc/\(pid)/status", ["VmRSS", "VmHWM"])
    return (fields[0], fields[1])
}

/// Proportional (Pss: shared pages split between the processes mapping them) and private
/// anonymous memory of a process, in MB: what it costs beyond the shared libraries.
func processSharing(pid: Int32) -> (pss: Double, anonymous: Double) {
    let fields = procMegabytes("/proc/\(pid)/smaps_rollup", ["Pss", "Anonymous"])
    return (fields[0], fields[1])
}

/// The `Name:   1234 kB` lines `names` of a /proc file, in MB (NaN when missing).
private func procMegabytes(_ path: String, _ names: [String]) -> [Double] {
    let lines = ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n")
    return names.map { name in
        guard let line = lines.first(where: { $0.hasPrefix(name + ":") }) else { return .nan }
        return (Double(line.split(separator: " ").dropFirst().first.map(String.init) ?? "") ?? .nan) / 1024
    }
}
