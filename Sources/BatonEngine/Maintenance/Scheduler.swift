import BatonCore
import BatonStore
import Foundation
import Logging

/// Starts the jobs of periodic workflows (SPEC §4). Each slot's job carries the key
/// `periodic:<workflow>:<slot>`, so however many `baton` processes run schedulers on one
/// database, a slot starts one job. A schedule first fires at the next slot after start-up,
/// so a downtime is never made up for more than once. Of several processes, the one holding
/// the scheduler's leader lease fires; if it dies, another takes over once the lease runs out.
public struct Scheduler: Sendable {
    let service: JobService
    let logger: Logger
    /// This process, as a leader-lease holder.
    let holder = EngineConfiguration.uniqueWorkerName()
    /// How long a silent leader keeps the duty.
    static let leaderLease: Int64 = 15_000

    public init(service: JobService, logger: Logger = Logger(label: "baton.scheduler")) {
        self.service = service
        self.logger = logger
    }

    /// The first slot strictly after `now` (epoch ms). Interval slots are aligned to the epoch.
    public static func nextSlot(_ rule: Periodic.Rule, after now: Int64) -> Int64 {
        switch rule {
        case .interval(let seconds):
            let length = Int64((seconds * 1000).rounded())
            return (now / length + 1) * length
        case .crontab(let crontab):
            let next = crontab.next(after: Date(timeIntervalSince1970: Double(now) / 1000))
            return Int64(next.timeIntervalSince1970 * 1000)
        }
    }

    /// Starts the job of `workflow`'s slot, unless a process already did.
    @discardableResult
    public func fire(_ workflow: WorkflowDefinition, slot: Int64) async throws -> JobRecord? {
        guard let periodic = workflow.periodic else { return nil }
        return try await service.start(
            workflow: workflow.fullName, payload: periodic.payload, periodic: true,
            key: "periodic:\(workflow.fullName):\(slot)")
    }

    public func run() async throws {
        let periodic = service.definitions.workflows.filter { $0.periodic != nil }
        guard !periodic.isEmpty else { return }
        var due = Dictionary(
            uniqueKeysWithValues: periodic.map {
                ($0.fullName, Self.nextSlot($0.periodic!.rule, after: service.clock.now))
            })
        while !Task.isCancelled {
            let (name, slot) = due.min { $0.value < $1.value }!
            let wait = slot - service.clock.now
            if wait > 0 { try await Task.sleep(for: .milliseconds(wait)) }
            let workflow = periodic.first { $0.fullName == name }!
            do {
                let now = service.clock.now
                if try await service.store.leaderAcquire(
                    role: "scheduler", holder: holder, until: now + Self.leaderLease, now: now)
                {
                    try await fire(workflow, slot: slot)
                }
            } catch {
                logger.error("schedule of \(name) could not start its job: \(error)")
            }
            due[name] = Self.nextSlot(workflow.periodic!.rule, after: max(slot, service.clock.now))
        }
    }
}
