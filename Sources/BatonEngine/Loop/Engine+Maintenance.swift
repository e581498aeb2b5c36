import BatonStore
import Foundation
import Logging
import Synchronization

extension Engine {
    /// Keeps this engine's leases alive, stops tasks whose job was cancelled, and requeues
    /// tasks whose worker vanished (expired leases), in any process.
    func maintain() async throws {
        let leaseMillis = Int64(configuration.leaseSeconds * 1000)
        let renewEvery = leaseMillis / 3
        var lastRescue: Int64 = 0
        var backoff = StoreBackoff()
        while !Task.isCancelled {
            let now = clock.now
            // Tasks that ended but whose outcome is not stored yet still hold their lease: the
            // outcome of an attempt whose lease ran out no longer counts.
            let (running, held) = state.withLock { state in
                (Array(state.running.keys), Array(state.running.keys) + state.outcomes.map(\.task))
            }
            do {
                // Renewing also reports cancel requests, so it runs often while anything runs.
                if !held.isEmpty {
                    let stop = try await store.leaseRenew(
                        worker: configuration.worker, tasks: held,
                        until: now + leaseMillis, now: now)
                    let handles = state.withLock { state in stop.compactMap { state.running[$0] } }
                    for handle in handles { handle.cancel() }
                }
                if now - lastRescue >= renewEvery {
                    let rescued = try await store.leaseRescue(now: now)
                    lastRescue = now
                    if rescued > 0 {
                        logger.warning("requeued \(rescued) task(s) whose worker stopped renewing its lease")
                        wakeup.signal()
                    }
                }
                backoff.succeeded()
            } catch {
                if Task.isCancelled { return }
                let delay = backoff.failed()
                logger.error("lease maintenance failed; trying again in \(delay)", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: delay)
                continue
            }
            await maintenanceWakeup.wait(timeout: running.isEmpty ? .milliseconds(renewEvery) : .milliseconds(200))
        }
    }
}
