import BatonStore
import Foundation

extension Engine {
    /// Keeps this engine's leases alive, stops tasks whose job was cancelled, and requeues
    /// tasks whose worker vanished (expired leases), in any process.
    func maintain() async throws {
        let leaseMillis = Int64(configuration.leaseSeconds * 1000)
        let renewEvery = leaseMillis / 3
        var lastRenew: Int64 = 0
        var lastRescue: Int64 = 0
        while !Task.isCancelled {
            let now = clock.now
            let running = state.withLock { !$0.running.isEmpty }
            // Renewing also reports cancel requests, so it runs often while anything runs.
            if running || now - lastRenew >= renewEvery {
                let stop = try await store.leaseRenew(worker: configuration.worker, until: now + leaseMillis, now: now)
                lastRenew = now
                let handles = state.withLock { state in stop.compactMap { state.running[$0] } }
                for handle in handles { handle.cancel() }
            }
            if now - lastRescue >= renewEvery {
                lastRescue = now
                let rescued = try await store.leaseRescue(now: now)
                if rescued > 0 {
                    logger.warning("requeued \(rescued) task(s) whose worker stopped renewing its lease")
                    wakeup.signal()
                }
            }
            await maintenanceWakeup.wait(timeout: running ? .milliseconds(200) : .milliseconds(renewEvery))
        }
    }
}
