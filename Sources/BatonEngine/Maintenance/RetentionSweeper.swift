import BatonCore
import BatonStore
import Foundation
import Logging

/// Deletes old ended jobs beyond each workflow's `retention.offset` (or the configured
/// default; -1 keeps all), with their tasks, logs and rows. Runs at start-up, then daily.
public struct RetentionSweeper: Sendable {
    let service: JobService
    let defaultOffset: Int
    let logger: Logger

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
            do { try await sweep() } catch { logger.error("retention sweep failed: \(error)") }
            try await Task.sleep(for: .seconds(24 * 3600))
        }
    }
}
