import Testing
@testable import BatonCore

/// A chain a → b, with a success hook, and a parallel c.
private func snapshot(_ statuses: [TaskStatus], job: JobStatus = .pending, retries: Int = 0, failureHook: Bool = false) -> JobSnapshot {
    JobSnapshot(id: 1, status: job, hasFailureHook: failureHook, tasks: [
        TaskSnapshot(id: 1, status: statuses[0], maxRetries: retries, retryDelay: 2),
        TaskSnapshot(id: 2, status: statuses[1], parents: [1]),
        TaskSnapshot(id: 3, status: statuses[2]),
        TaskSnapshot(id: 4, status: statuses[3], hook: .success),
    ])
}

@Suite struct JobMachineTests {
    @Test func newJobMakesRootsReady() {
        var machine = JobMachine(snapshot([.pending, .pending, .pending, .pending]))
        machine.created()
        #expect(machine.job.tasks.map(\.status) == [.ready, .pending, .ready, .pending])
        #expect(machine.job.status == .pending)
        #expect(machine.changes.tasks.map(\.id) == [1, 3])
    }

    @Test func startMovesJobToRunning() throws {
        var machine = JobMachine(snapshot([.ready, .pending, .ready, .pending]))
        try machine.started(1)
        #expect(machine.job.status == .running)
        #expect(machine.job.tasks[0].status == .running)
    }

    @Test func claimMovesOnlyAPendingJob() {
        #expect(JobMachine.claimed(jobStatus: .pending) == .running)
        for status in [JobStatus.running, .stopping, .success, .failed, .interrupted] {
            #expect(JobMachine.claimed(jobStatus: status) == nil, "\(status)")
        }
    }

    @Test func cancelBetweenTasksInterruptsThroughStopping() {
        var machine = JobMachine(snapshot([.success, .ready, .success, .pending], job: .running))
        #expect(machine.cancel() == .interrupted)
        #expect(machine.changes.jobStatus == .interrupted)
        #expect(machine.job.tasks.map(\.status) == [.success, .canceled, .success, .canceled])
    }

    @Test func settledMeansEndedWithEveryHookDone() {
        #expect(!JobMachine.isSettled(status: .running, hasFailureHook: false, hooks: []))
        #expect(JobMachine.isSettled(status: .success, hasFailureHook: true, hooks: [(.success, .success)]))
        #expect(!JobMachine.isSettled(status: .success, hasFailureHook: false, hooks: [(.success, .running)]))
        #expect(!JobMachine.isSettled(status: .failed, hasFailureHook: true, hooks: [(.success, .canceled)]),
                "the failure hook is still to be added")
        #expect(!JobMachine.isSettled(status: .failed, hasFailureHook: true, hooks: [(.success, .canceled), (.failure, .ready)]))
        #expect(JobMachine.isSettled(status: .failed, hasFailureHook: true, hooks: [(.success, .canceled), (.failure, .failed)]))
        #expect(JobMachine.isSettled(status: .failed, hasFailureHook: false, hooks: [(.success, .canceled)]))
        #expect(JobMachine.isSettled(status: .interrupted, hasFailureHook: true, hooks: [(.success, .canceled)]),
                "an interrupted job runs no failure hook")
    }

    @Test func successMakesChildReadyThenJobSucceedsAndHookRuns() throws {
        var machine = JobMachine(snapshot([.running, .pending, .success, .pending], job: .running))
        try machine.finished(1, .succeeded, now: 0)
        #expect(machine.job.tasks[1].status == .ready)
        #expect(machine.job.status == .running)
        var next = JobMachine(machine.job)
        try next.started(2)
        try next.finished(2, .succeeded, now: 0)
        #expect(next.job.status == .success)
        #expect(next.job.tasks[3].status == .ready)
        #expect(next.changes.jobStatus == .success)
    }

    @Test func failureRetriesWithDoublingDelay() throws {
        var machine = JobMachine(snapshot([.running, .pending, .running, .pending], job: .running, retries: 2))
        try machine.finished(1, .failed(retryable: true), now: 1000)
        #expect(machine.job.tasks[0].status == .ready)
        #expect(machine.job.tasks[0].runAfter == 3000)
        #expect(machine.job.tasks[0].failures == 1)
        try machine.started(1)
        try machine.finished(1, .failed(retryable: true), now: 5000)
        #expect(machine.job.tasks[0].runAfter == 9000)
        try machine.started(1)
        try machine.finished(1, .failed(retryable: true), now: 10000)
        #expect(machine.job.tasks[0].status == .failed)
    }

    @Test func failureCancelsDescendantsButLetsIndependentBranchFinish() throws {
        var machine = JobMachine(snapshot([.running, .pending, .running, .pending], job: .running, failureHook: true))
        try machine.finished(1, .failed(retryable: true), now: 0)
        #expect(machine.job.tasks[1].status == .canceled)
        #expect(machine.job.status == .running, "c still runs")
        #expect(machine.changes.failureHook == nil)
        try machine.finished(3, .succeeded, now: 0)
        #expect(machine.job.status == .failed)
        #expect(machine.job.tasks[3].status == .canceled, "success hook never runs")
        #expect(machine.changes.failureHook == .ready, "the failure hook is added ready to run")
    }

    @Test func nonRetryableFailureSkipsRetries() throws {
        var machine = JobMachine(snapshot([.running, .pending, .success, .pending], job: .running, retries: 5))
        try machine.finished(1, .failed(retryable: false), now: 0)
        #expect(machine.job.tasks[0].status == .failed)
        #expect(machine.job.status == .failed)
    }

    @Test func cancelPendingJobInterruptsAtOnce() {
        var machine = JobMachine(snapshot([.ready, .pending, .ready, .pending]))
        #expect(machine.cancel() == .interrupted)
        #expect(machine.job.status == .interrupted)
        #expect(machine.job.tasks.allSatisfy { $0.status == .canceled })
    }

    @Test func cancelRunningJobStopsThenInterrupts() throws {
        var machine = JobMachine(snapshot([.running, .pending, .ready, .pending], job: .running))
        #expect(machine.cancel() == .stopping)
        #expect(machine.job.status == .stopping)
        #expect(machine.job.tasks[0].status == .running)
        #expect(machine.job.tasks[0].cancelRequested)
        #expect(machine.job.tasks[1...].allSatisfy { $0.status == .canceled })
        // A task stopped by cancel never ends in success, even if it exits 0.
        try machine.finished(1, .succeeded, now: 0)
        #expect(machine.job.tasks[0].status == .canceled)
        #expect(machine.job.status == .interrupted)
    }

    @Test func cancelEndedJobChangesNothing() {
        for status in [JobStatus.success, .failed, .interrupted, .stopping] {
            var machine = JobMachine(snapshot([.success, .success, .success, .success], job: status))
            let answer = machine.cancel()
            #expect(answer == (status == .stopping ? .alreadyStopping : .alreadyEnded(status)))
            #expect(!answer.movedTheJob)
            #expect(machine.changes.isEmpty)
        }
    }

    @Test func lostTaskRunsAgainWithoutUsingARetry() throws {
        var machine = JobMachine(snapshot([.running, .pending, .ready, .pending], job: .running))
        try machine.lost(1)
        #expect(machine.job.tasks[0].status == .ready)
        #expect(machine.job.tasks[0].failures == 0)
    }

    @Test func lostTaskOfStoppingJobEnds() throws {
        var machine = JobMachine(snapshot([.running, .pending, .ready, .pending], job: .running))
        #expect(machine.cancel() == .stopping)
        try machine.lost(1)
        #expect(machine.job.status == .interrupted)
    }

    @Test func illegalEventsAreRejected() {
        var machine = JobMachine(snapshot([.ready, .pending, .success, .pending], job: .running))
        #expect(throws: JobMachine.Rejection.taskNotRunning(1, .ready)) { try machine.finished(1, .succeeded, now: 0) }
        #expect(throws: JobMachine.Rejection.taskNotRunning(2, .pending)) { try machine.started(2) }
        #expect(throws: JobMachine.Rejection.taskNotRunning(3, .success)) { try machine.lost(3) }
        #expect(throws: JobMachine.Rejection.unknownTask(9)) { try machine.started(9) }
        #expect(machine.changes.isEmpty)
    }

    @Test func hookOutcomeDoesNotChangeEndedJob() throws {
        var machine = JobMachine(snapshot([.success, .success, .success, .running], job: .success))
        try machine.finished(4, .failed(retryable: false), now: 0)
        #expect(machine.job.status == .success)
        #expect(machine.job.tasks[3].status == .failed)
    }

    @Test func jobStatusMovesMatchTheSpec() {
        let allowed: Set<[JobStatus]> = [
            [.pending, .running], [.running, .success], [.running, .failed], [.pending, .stopping],
            [.running, .stopping], [.stopping, .interrupted], [.pending, .interrupted],
        ]
        for from in JobStatus.allCases {
            for to in JobStatus.allCases {
                #expect(from.canMove(to: to) == allowed.contains([from, to]), "\(from) -> \(to)")
            }
        }
    }
}
