import BatonCore
import BatonStore
import Foundation
import Synchronization

/// A store that notes when each finished attempt's commit returned, keyed by job and task
/// key, and passes everything else through. It gives the dispatch latency its start: the
/// moment a parent's outcome is durable. (Kept in the benchmark so the engine carries no
/// timing code; a new Store requirement needs one forwarding line here.)
final class TimingStore: ForwardingStore {
    let inner: any Store
    private let keys = Mutex([Int64: String]())
    private let commits = Mutex([String: UInt64]())

    init(_ inner: any Store) { self.inner = inner }

    /// When the outcome of (job, key) was committed, in monotonic nanoseconds.
    func committed(job: Int64, key: String) -> UInt64? { commits.withLock { $0[StartRecorder.key(job, key)] } }

    func workStep(_ step: WorkStep) async throws -> WorkStepResult {
        let result = try await inner.workStep(step)
        let now = nowNanos()
        let names = keys.withLock { keys in
            for task in result.claimed { keys[task.id] = StartRecorder.key(task.job, task.key) }
            return step.outcomes.compactMap { keys.removeValue(forKey: $0.task) }
        }
        if !names.isEmpty { commits.withLock { for name in names { $0[name] = now } } }
        return result
    }

}
