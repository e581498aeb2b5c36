import Baton
import BatonCore
import BatonEngine
import BatonSQLite
import BatonStore
import BatonTestSupport
import Foundation
import Testing

private let workflows = """
    t.TICK:
      tasks: [A]
      periodic: {interval: 1, payload: {source: schedule}}
    t.CRON:
      tasks: [A]
      periodic: {crontab: "*/15 * * * *"}
    t.KEEP2:
      tasks: [A]
      retention: {offset: 2}
    t.ALL:
      tasks: [A]
    """

@Suite struct SchedulerTests {
    @Test func slotsAreAlignedToTheEpochAndStrictlyLater() throws {
        #expect(Scheduler.nextSlot(.interval(seconds: 60), after: 1_000_500) == 1_020_000)
        #expect(Scheduler.nextSlot(.interval(seconds: 60), after: 1_020_000) == 1_080_000)
        let quarter = Periodic.Rule.crontab(try Crontab("*/15 * * * *"))
        #expect(Scheduler.nextSlot(quarter, after: 1_000_000) == 1_800_000)
        #expect(Scheduler.nextSlot(quarter, after: 1_800_000) == 2_700_000)
    }

    @Test func aSlotStartsOneJobWhateverTheNumberOfProcesses() async throws {
        let home = try await TestHome(workflows: workflows, tasks: "A:\n  shell: \"true\"\n")
        let other = JobService(store: try await home.home.openStore(), definitions: home.definitions)
        let tick = home.definitions.workflow(named: "t.TICK")!
        let first = try await Scheduler(service: home.service()).fire(tick, slot: 5000)
        let second = try await Scheduler(service: other).fire(tick, slot: 5000)
        #expect(first?.number == second?.number)
        #expect(first?.periodic == true)
        #expect(first?.payload == ["source": "schedule"])
        let next = try await Scheduler(service: other).fire(tick, slot: 6000)
        #expect(next?.number != first?.number)
        #expect(try await Scheduler(service: other).fire(home.definitions.workflow(named: "t.ALL")!, slot: 5000) == nil)
    }

    @Test func runningSchedulerStartsPeriodicJobs() async throws {
        let home = try await TestHome(workflows: workflows, tasks: "A:\n  shell: \"true\"\n")
        let scheduler = Scheduler(service: home.service())
        let running = Task { try await scheduler.run() }
        defer { running.cancel() }
        try await eventually {
            try await home.store.jobList(JobQuery(workflow: "t.TICK")).total >= 2
        }
        running.cancel()
        let jobs = try await home.store.jobList(JobQuery(workflow: "t.TICK")).jobs
        #expect(jobs.allSatisfy { $0.periodic && $0.payload == ["source": "schedule"] })
        // Slots are a second apart: two jobs were created in different seconds.
        #expect(Set(jobs.map { $0.created / 1000 }).count == jobs.count)
    }
}

@Suite struct RetentionTests {
    @Test func sweepKeepsTheNewestEndedJobsPerWorkflow() async throws {
        let home = try await TestHome(workflows: workflows, tasks: "A:\n  shell: \"true\"\n")
        let service = home.service()
        for _ in 0..<5 {
            let job = try await service.start(workflow: "t.KEEP2", payload: [:])
            _ = try await service.cancel(number: job.number)
        }
        let running = try await service.start(workflow: "t.KEEP2", payload: [:])
        for _ in 0..<3 {
            let job = try await service.start(workflow: "t.ALL", payload: [:])
            _ = try await service.cancel(number: job.number)
        }
        let sweeper = RetentionSweeper(service: service, defaultOffset: -1)
        #expect(try await sweeper.sweep() == 4)
        #expect(try await home.store.jobList(JobQuery(workflow: "t.KEEP2")).jobs.map(\.number) == [running.number, 5])
        #expect(try await home.store.taskList(job: 1).isEmpty, "tasks go with their job")
        #expect(try await home.store.jobList(JobQuery(workflow: "t.ALL")).total == 3, "-1 keeps all")
        #expect(try await RetentionSweeper(service: service, defaultOffset: 1).sweep() == 2)
        #expect(try await home.store.jobList(JobQuery(workflow: "t.ALL")).total == 1)
    }
}
