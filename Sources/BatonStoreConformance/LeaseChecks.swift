import BatonCore
import BatonStore
import Foundation

/// Leases: renewal, expiry and rescue, hand-back, cancellation, leader duties.
enum LeaseChecks {
    static let all: [ConformanceCheck] = [
        ConformanceCheck(name: "an outcome from a worker without the lease is ignored", body: staleOutcome),
        ConformanceCheck(name: "an expired lease runs the task again without using a retry", body: expiredLease),
        ConformanceCheck(name: "a renewal extends only the tasks it names", body: renewNamed),
        ConformanceCheck(name: "cancel asks running tasks to stop", body: cancel),
        ConformanceCheck(name: "release hands back a worker's running tasks", body: release),
        ConformanceCheck(name: "one holder at a time has a leader lease", body: leader),
    ]

    static func staleOutcome(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        _ = try await store.jobInsert(chain(), now: 0)
        let claimed = try await claim(store, worker: "w1")
        _ = try await claim(store, now: 2000, outcomes: [success(claimed[0], worker: "intruder")])
        try expect(try await store.taskList(job: 1).map(\.status), [.running, .pending], "statuses unchanged")
    }

    static func expiredLease(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        _ = try await store.jobInsert(chain(), now: 0)
        let claimed = try await claim(store, worker: "w1", now: 1000, lease: 500)
        try expect(try await store.leaseRescue(now: 1400), 0, "nothing expired yet")
        try expect(
            try await store.leaseRenew(worker: "w1", tasks: claimed.map(\.id), until: 2000, now: 1400), [],
            "renewed, no cancel asked")
        try expect(try await store.leaseRescue(now: 1900), 0, "the renewed lease holds")
        try expect(try await store.leaseRescue(now: 2001), 1, "rescued after expiry")
        let again = try await claim(store, worker: "w2", now: 2100)
        try expect(again.map(\.id), [claimed[0].id], "the same task again")
        try expect(again[0].attempt, 2, "a new attempt")
        // The first worker's late outcome no longer counts.
        _ = try await claim(store, now: 2200, outcomes: [success(claimed[0], worker: "w1")])
        let task = try await store.taskList(job: 1)[0]
        try expect(task.status, .running, "still running for w2")
        try expect(task.failures, 0, "no retry used")
    }

    static func renewNamed(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        _ = try await store.jobInsert(chain(), now: 0)
        _ = try await store.jobInsert(chain(), now: 0)
        let claimed = try await claim(store, worker: "w1", now: 1000, lease: 500)
        try expect(claimed.count, 2, "both roots claimed")
        // w1 runs only the first: the second's claim answer was lost.
        try expect(
            try await store.leaseRenew(worker: "w1", tasks: [claimed[0].id], until: 3000, now: 1400), [],
            "renewed")
        try expect(
            try await store.leaseRenew(worker: "w2", tasks: [claimed[1].id], until: 3000, now: 1400), [],
            "another worker renews nothing of w1's")
        try expect(try await store.leaseRescue(now: 2001), 1, "the unnamed task is rescued")
        let tasks = try await store.taskList(job: 1) + store.taskList(job: 2)
        try expect(tasks.filter { $0.status == .running }.map(\.id), [claimed[0].id], "the named task still runs")
    }

    static func cancel(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        _ = try await store.jobInsert(chain(), now: 0)
        let claimed = try await claim(store)
        try expect(
            try await store.jobCancel(number: 1, now: 1500).map { [$0.job.status] }, [.stopping], "stopping while a task runs")
        try expect(try await store.jobCancel(number: 1, now: 1550)?.answer == .alreadyStopping, "a second cancel changes nothing")
        try expect(
            try await store.leaseRenew(worker: "w1", tasks: claimed.map(\.id), until: 9000, now: 1600), [claimed[0].id],
            "asked to stop")
        _ = try await store.workStep(WorkStep(outcomes: [success(claimed[0])], claim: nil, now: 1700))
        try expect(try await store.jobGet(number: 1)?.status, .interrupted, "interrupted")
        try expect(try await store.taskList(job: 1).map(\.status), [.canceled, .canceled], "tasks canceled")
        let again = try await store.jobCancel(number: 1, now: 1800)
        try expect(again?.job.status == .interrupted && again?.answer == .alreadyEnded(.interrupted), "an ended job is unchanged")
        try expect(try await store.jobCancel(number: 99, now: 0) == nil, "unknown job")
        _ = try await store.jobInsert(chain(), now: 1900)
        let pending = try await store.jobCancel(number: 2, now: 2000)
        try expect(pending?.answer == .interrupted && pending?.job.ended == 2000, "nothing ran: interrupted at once")
    }

    static func release(_ backend: any ConformanceBackend) async throws {
        let store = try await fresh(backend)
        _ = try await store.jobInsert(chain(), now: 0)
        _ = try await claim(store, worker: "w1")
        try expect(try await store.leaseHolders(), ["w1"], "holders")
        try expect(try await store.leaseRelease(worker: "w2", now: 1100), 0, "w2 holds nothing")
        try expect(try await store.leaseRelease(worker: "w1", now: 1100), 1, "w1 hands back one")
        try expect(try await store.taskList(job: 1).map(\.status), [.ready, .pending], "ready again")
        try expect(try await store.leaseHolders(), [], "no holders")
    }

    static func leader(_ backend: any ConformanceBackend) async throws {
        let database = try await backend.newDatabase()
        let (one, two) = (try await database.open(), try await database.open())
        try expect(try await one.leaderAcquire(role: "scheduler", holder: "a", until: 1000, now: 0), true, "a takes it")
        try expect(try await two.leaderAcquire(role: "scheduler", holder: "b", until: 1500, now: 500), false, "b waits")
        try expect(try await two.leaderAcquire(role: "retention", holder: "b", until: 1500, now: 500), true, "roles are separate")
        try expect(try await one.leaderAcquire(role: "scheduler", holder: "a", until: 2000, now: 900), true, "a renews")
        try expect(try await two.leaderAcquire(role: "scheduler", holder: "b", until: 2500, now: 1999), false, "b still waits")
        try expect(try await two.leaderAcquire(role: "scheduler", holder: "b", until: 3000, now: 2001), true, "b after expiry")
        try expect(try await one.leaderAcquire(role: "scheduler", holder: "a", until: 4000, now: 2100), false, "a lost it")
    }
}
