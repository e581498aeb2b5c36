import Testing
@testable import BatonCore

/// A chain a → b, with a success hook, and a parallel c.
private func snapshot(
    _ statuses: [TaskStatus], job: JobStatus = .pending, retries: Int = 0, failureHook: Bool = false
) -> JobSnapshot {
    JobSnapshot(
        id: 1, status: job, hasFailureHook: failureHook,
        tasks: [
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
        #expect(
            !JobMachine.isSettled(status: .failed, hasFailureHook: true, hooks: [(.success, .canceled)]),
            "the failure hook is still to be added")
        #expect(!JobMachine.isSettled(status: .failed, hasFailureHook: true, hooks: [(.success, .canceled), (.failure, .ready)]))
        #expect(JobMachine.isSettled(status: .failed, hasFailureHook: true, hooks: [(.success, .canceled), (.failure, .failed)]))
        #expect(JobMachine.isSettled(status: .failed, hasFailureHook: false, hooks: [(.success, .canceled)]))
        #expect(
            JobMachine.isSettled(status: .interrupted, hasFailureHook: true, hooks: [(.success, .canceled)]),
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
            // Rerun from a step (SPEC §13).
            [.success, .running], [.failed, .running], [.interrupted, .running],
        ]
        for from in JobStatus.allCases {
            for to in JobStatus.allCases {
                #expect(from.canMove(to: to) == allowed.contains([from, to]), "\(from) -> \(to)")
            }
        }
    }

    // MARK: Rerun from a step

    @Test func rerunResetsTheStepAndWhatIsBelowItAndTheJobRunsAgain() throws {
        var machine = JobMachine(snapshot([.success, .success, .success, .success], job: .success))
        try machine.rerun(from: 1)
        #expect(machine.job.status == .running)
        #expect(machine.job.tasks.map(\.status) == [.ready, .pending, .success, .pending], "c keeps its result")
        #expect(machine.changes.jobStatus == .running)
        #expect(Set(machine.changes.tasks.map(\.id)) == [1, 2, 4])
        var next = JobMachine(machine.job)
        try next.started(1)
        try next.finished(1, .succeeded, now: 0)
        try next.started(2)
        try next.finished(2, .succeeded, now: 0)
        #expect(next.job.status == .success)
        #expect(next.job.tasks[3].status == .ready, "the success hook runs again at the new end")
    }

    @Test func rerunFromALeafLeavesItsParentAlone() throws {
        var machine = JobMachine(snapshot([.success, .failed, .success, .canceled], job: .failed))
        try machine.rerun(from: 2)
        #expect(machine.job.tasks.map(\.status) == [.success, .ready, .success, .pending])
    }

    @Test func rerunClearsFailuresRetryDelayAndCancelRequests() throws {
        var job = snapshot([.failed, .canceled, .success, .canceled], job: .interrupted, retries: 2)
        job.tasks[0].failures = 2
        job.tasks[0].runAfter = 9000
        job.tasks[0].cancelRequested = true
        var machine = JobMachine(job)
        try machine.rerun(from: 1)
        #expect(machine.job.tasks[0] == TaskSnapshot(id: 1, status: .ready, maxRetries: 2, retryDelay: 2))
        try machine.started(1)
        try machine.finished(1, .failed(retryable: true), now: 1000)
        #expect(machine.job.tasks[0].status == .ready, "its retries are whole again")
    }

    @Test func rerunReachesDescendantsThroughEveryPath() throws {
        // 1 → 2 → 4 and 1 → 3 → 4, with 5 apart.
        var machine = JobMachine(
            JobSnapshot(
                id: 1, status: .success, hasFailureHook: false,
                tasks: [
                    TaskSnapshot(id: 1, status: .success),
                    TaskSnapshot(id: 2, status: .success, parents: [1]),
                    TaskSnapshot(id: 3, status: .success, parents: [1]),
                    TaskSnapshot(id: 4, status: .success, parents: [3, 2]),
                    TaskSnapshot(id: 5, status: .success),
                ]))
        try machine.rerun(from: 2)
        #expect(machine.job.tasks.map(\.status) == [.success, .ready, .success, .pending, .success])
    }

    /// A failed job with a failure hook that ran: tasks a, b, c, success hook, failure hook.
    private func failedWithFailureHook() -> JobSnapshot {
        var job = snapshot([.failed, .canceled, .success, .canceled], job: .failed, failureHook: true)
        job.tasks.append(TaskSnapshot(id: 5, status: .success, hook: .failure))
        return job
    }

    @Test func failureHookIsReusedNotAddedAgainAtTheNextFailure() throws {
        var machine = JobMachine(failedWithFailureHook())
        try machine.rerun(from: 1)
        #expect(machine.job.tasks[4].status == .pending)
        var next = JobMachine(machine.job)
        try next.started(1)
        try next.finished(1, .failed(retryable: false), now: 0)
        #expect(next.job.status == .failed)
        #expect(next.job.tasks.map(\.status) == [.failed, .canceled, .success, .canceled, JobMachine.failureHookStatus])
        #expect(next.changes.failureHook == nil, "no second failure hook")
        #expect(!JobMachine.isSettled(status: .failed, hasFailureHook: true, hooks: [(.success, .canceled), (.failure, .ready)]))
    }

    @Test func failureHookIsCanceledWhenTheRerunSucceeds() throws {
        var machine = JobMachine(failedWithFailureHook())
        try machine.rerun(from: 1)
        try machine.started(1)
        try machine.finished(1, .succeeded, now: 0)
        try machine.started(2)
        try machine.finished(2, .succeeded, now: 0)
        #expect(machine.job.status == .success)
        #expect(machine.job.tasks[3].status == .ready)
        #expect(machine.job.tasks[4].status == .canceled, "the job did not fail this time")
    }

    @Test func rerunRefusesAJobThatHasNotEnded() {
        for status in [JobStatus.pending, .running, .stopping] {
            var machine = JobMachine(snapshot([.success, .running, .success, .pending], job: status))
            #expect(throws: JobMachine.RerunRefusal.jobNotEnded(status)) { try machine.rerun(from: 1) }
            #expect(machine.changes.isEmpty)
        }
    }

    @Test func rerunRefusesUnknownStepsHooksAndUnreachableSteps() {
        var machine = JobMachine(snapshot([.failed, .canceled, .success, .canceled], job: .failed))
        #expect(throws: JobMachine.RerunRefusal.unknownTask(99)) { try machine.rerun(from: 99) }
        #expect(throws: JobMachine.RerunRefusal.hook(4)) { try machine.rerun(from: 4) }
        #expect(throws: JobMachine.RerunRefusal.parentNotSucceeded(task: 2, parent: 1, status: .failed)) {
            try machine.rerun(from: 2)
        }
        #expect(machine.changes.isEmpty)
        var hookRunning = JobMachine(snapshot([.success, .success, .success, .running], job: .success))
        #expect(throws: JobMachine.RerunRefusal.hookNotFinished(4)) { try hookRunning.rerun(from: 1) }
        #expect(hookRunning.changes.isEmpty)
    }
}
