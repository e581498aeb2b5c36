import BatonCore
import BatonStore
import Foundation
import Logging

/// Deletes old ended jobs beyond each workflow's `retention.offset` (or the configured
/// default; -1 keeps all), with their tasks, logs and rows. Runs at start-up, then daily, in
/// the one process of a database that holds the retention leader lease.
public struct RetentionSweeper: Sendable {
    let service: JobService
    let defaultOffset: Int
    let logger: Logger
    let holder = EngineConfiguration.uniqueWorkerName()
    static let period: Int64 = 24 * 3600 * 1000

    public init(service: JobService, defaultOffset: Int, logger: Logger = Logger(label: "baton.retention")) {
        self.service = service
        self.defaultOffset = defaultOffset
        self.logger = logger
    }

    /// One sweep; returns how many jobs were deleted.
    @discardableResult
    public func sweep() async throws -> Int {
        var deleted = 0
        for workflow in service.definitions.workflows {
            let keep = workflow.retentionOffset ?? defaultOffset
            guard keep >= 0 else { continue }
            deleted += try await service.store.jobDeleteBeyond(workflow: workflow.fullName, keep: keep)
        }
        if deleted > 0 { logger.info("retention deleted \(deleted) old job(s)") }
        return deleted
    }

    public func run() async throws {
        while !Task.isCancelled {
            do {
                let now = service.clock.now
                // Held a little less than a period, so the leader's next daily look renews it.
                if try await service.store.leaderAcquire(
                    role: "retention", holder: holder, until: now + Self.period * 23 / 24, now: now)
                {
                    try await sweep()
                }
            } catch {
                logger.error("retention sweep failed: \(error)")
            }
            try await Task.sleep(for: .milliseconds(Self.period))
        }
    }
}
