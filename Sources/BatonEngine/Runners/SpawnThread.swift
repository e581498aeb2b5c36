import Foundation
import Synchronization

/// The one thread that starts task processes. The kernel ties a child's parent-death signal
/// (`PR_SET_PDEATHSIG`) to the *thread* that started it, not to the process: started from a
/// pool thread that later exits, a task would be killed for no reason. This thread lives as
/// long as the process, so a task dies with Baton and only then.
final class SpawnThread: Sendable {
    static let shared = SpawnThread()

    private let pending = Mutex<[@Sendable () -> Void]>([])
    private let ready = DispatchSemaphore(value: 0)

    private init() {
        let thread = Thread { [self] in loop() }
        thread.name = "baton.spawn"
        thread.start()
    }

    private func loop() -> Never {
        while true {
            ready.wait()
            let jobs = pending.withLock { jobs in
                defer { jobs.removeAll(keepingCapacity: true) }
                return jobs
            }
            for job in jobs { job() }
        }
    }

    /// Runs `body` on the spawn thread and returns what it returned.
    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            pending.withLock { $0.append { continuation.resume(returning: body()) } }
            ready.signal()
        }
    }
}
