import Testing

@testable import BatonCore

/// The SPEC §13 transitions: skipped steps, fan-out instances, sub-workflow steps.
@Suite struct JobMachineLanguageTests {
    /// a → b → c, plus d (a root), all pending.
    private func chain(
        _ statuses: [TaskStatus] = [.running, .pending, .pending, .success], job: JobStatus = .running
    )
        -> JobSnapshot
    {
        JobSnapshot(
            id: 1, status: job, hasFailureHook: false,
            tasks: [
                TaskSnapshot(id: 1, status: statuses[0]),
                TaskSnapshot(id: 2, status: statuses[1], parents: [1]),
                TaskSnapshot(id: 3, status: statuses[2], parents: [2]),
                TaskSnapshot(id: 4, status: statuses[3]),
            ])
    }

    /// Root 1 (success), fan-out step 2 (running, limit `limit`) needing 1, child 3 needing 2,
    /// and `count` instances of 2 (ids 10, 11, …), pending, with parents like 2's.
    private func fanOut(count: Int, limit: Int, statuses: [TaskStatus]? = nil) -> JobSnapshot {
        var tasks = [
            TaskSnapshot(id: 1, status: .success),
            TaskSnapshot(id: 2, status: .running, parents: [1], fanOutLimit: limit),
            TaskSnapshot(id: 3, status: .pending, parents: [2]),
        ]
        for index in 0..<count {
            tasks.append(
                TaskSnapshot(id: Int64(10 + index), status: statuses?[index] ?? .pending, parents: [1], instanceOf: 2))
        }
        return JobSnapshot(id: 1, status: .running, hasFailureHook: false, tasks: tasks)
    }

    private func status(_ machine: JobMachine, _ id: Int64) -> TaskStatus? {
        machine.job.tasks.first { $0.id == id }?.status
    }

    @Test func skippedStepSkipsEveryStepBelowAndTheJobSucceeds() throws {
        var machine = JobMachine(chain())
        try machine.finished(1, .skipped, now: 0)
        #expect(machine.job.tasks.map(\.status) == [.skipped, .skipped, .skipped, .success])
        #expect(machine.job.status == .success)
    }

    @Test func aFailedParentBeatsASkippedOne() throws {
        let snapshot = JobSnapshot(
            id: 1, status: .running, hasFailureHook: false,
            tasks: [
                TaskSnapshot(id: 1, status: .running),
                TaskSnapshot(id: 2, status: .running),
                TaskSnapshot(id: 3, status: .pending, parents: [1, 2]),
            ])
        var machine = JobMachine(snapshot)
        try machine.finished(1, .skipped, now: 0)
        #expect(status(machine, 3) == .pending, "waits for its other parent")
        try machine.finished(2, .failed(retryable: false), now: 0)
        #expect(status(machine, 3) == .canceled)
        #expect(machine.job.status == .failed)
    }

    @Test func fanOutReadiesInstancesUpToItsLimit() throws {
        var machine = JobMachine(fanOut(count: 7, limit: 3))
        try machine.finished(2, .fannedOut, now: 0)
        #expect(status(machine, 2) == .waiting)
        #expect((10...16).map { status(machine, Int64($0)) } == [.ready, .ready, .ready] + Array(repeating: .pending, count: 4))
        try machine.started(10)
        try machine.finished(10, .succeeded, now: 0)
        #expect(status(machine, 13) == .ready, "one ended, one more may start")
        #expect(status(machine, 14) == .pending)
        #expect(machine.changes.tasks.map(\.id).contains(13))
    }

    @Test func fanOutWithoutLimitReadiesAll() throws {
        var machine = JobMachine(fanOut(count: 4, limit: 0))
        try machine.finished(2, .fannedOut, now: 0)
        #expect((10...13).allSatisfy { status(machine, Int64($0)) == .ready })
    }

    @Test func fanOutSucceedsWhenEveryInstanceHasAndThenItsChildRuns() throws {
        var machine = JobMachine(fanOut(count: 2, limit: 0))
        try machine.finished(2, .fannedOut, now: 0)
        for id: Int64 in [10, 11] {
            try machine.started(id)
            try machine.finished(id, .succeeded, now: 0)
        }
        #expect(status(machine, 2) == .success)
        #expect(status(machine, 3) == .ready)
        #expect(machine.job.status == .running)
    }

    @Test func emptyFanOutSucceedsAtOnce() throws {
        var machine = JobMachine(fanOut(count: 0, limit: 2))
        try machine.finished(2, .fannedOut, now: 0)
        #expect(status(machine, 2) == .success)
        #expect(status(machine, 3) == .ready)
    }

    @Test func aFailedInstanceCancelsThoseNotStartedAndFailsTheStepWhenTheRunningOnesEnd() throws {
        var machine = JobMachine(fanOut(count: 5, limit: 2))
        try machine.finished(2, .fannedOut, now: 0)
        try machine.started(10)
        try machine.started(11)
        try machine.finished(10, .failed(retryable: false), now: 0)
        #expect(status(machine, 11) == .running, "a running instance finishes")
        #expect([12, 13, 14].allSatisfy { status(machine, Int64($0)) == .canceled })
        #expect(status(machine, 2) == .waiting)
        try machine.finished(11, .succeeded, now: 0)
        #expect(status(machine, 2) == .failed)
        #expect(status(machine, 3) == .canceled)
        #expect(machine.job.status == .failed)
    }

    @Test func cancellingAFanOutStopsRunningInstancesAndEndsWhenTheyHave() throws {
        var machine = JobMachine(fanOut(count: 3, limit: 1))
        try machine.finished(2, .fannedOut, now: 0)
        try machine.started(10)
        #expect(machine.cancel() == .stopping)
        #expect(machine.job.tasks.first { $0.id == 10 }?.cancelRequested == true)
        #expect(machine.changes.cancelChildrenOf == [2], "the store looks for child jobs; a fan-out has none")
        try machine.finished(10, .succeeded, now: 0)
        #expect(status(machine, 10) == .canceled)
        #expect(status(machine, 2) == .canceled)
        #expect(machine.job.status == .interrupted)
    }

    @Test func aFanOutCancelledWhileExpandingCancelsItsNewInstances() throws {
        var snapshot = fanOut(count: 2, limit: 0)
        snapshot.tasks[1].cancelRequested = true
        snapshot.status = .stopping
        var machine = JobMachine(snapshot)
        try machine.finished(2, .fannedOut, now: 0)
        #expect(status(machine, 2) == .canceled)
        #expect(status(machine, 10) == .canceled)
        #expect(machine.job.status == .interrupted)
    }

    @Test func subWorkflowStepWaitsAndEndsAsItsChildEnds() throws {
        for (child, expected) in [(JobStatus.success, TaskStatus.success), (.failed, .failed), (.interrupted, .canceled)] {
            var machine = JobMachine(chain())
            try machine.finished(1, .waitingForChild, now: 0)
            #expect(status(machine, 1) == .waiting)
            #expect(machine.job.status == .running)
            try machine.childEnded(1, status: child)
            #expect(status(machine, 1) == expected)
        }
    }

    @Test func cancellingASubWorkflowStepAsksTheStoreToCancelTheChild() throws {
        var machine = JobMachine(chain([.waiting, .pending, .pending, .success]))
        #expect(machine.cancel() == .stopping)
        #expect(machine.changes.cancelChildrenOf == [1])
        #expect(machine.job.status == .stopping, "waits for the child job to end")
        try machine.childEnded(1, status: .interrupted)
        #expect(status(machine, 1) == .canceled)
        #expect(machine.job.status == .interrupted)
    }

    @Test func aChildStartedAfterACancelIsCancelledToo() throws {
        var snapshot = chain()
        snapshot.tasks[0].cancelRequested = true
        snapshot.status = .stopping
        var machine = JobMachine(snapshot)
        try machine.finished(1, .waitingForChild, now: 0)
        #expect(status(machine, 1) == .waiting)
        #expect(machine.changes.cancelChildrenOf == [1])
        try machine.childEnded(1, status: .success)
        #expect(status(machine, 1) == .canceled, "a cancelled step never ends in success")
    }

    @Test func childEndedNeedsAWaitingTask() {
        var machine = JobMachine(chain())
        #expect(throws: JobMachine.Rejection.taskNotWaiting(1, .running)) { try machine.childEnded(1, status: .success) }
    }

    @Test func rerunFromAFanOutStepRemovesItsInstances() throws {
        var snapshot = fanOut(count: 2, limit: 0, statuses: [.success, .success])
        snapshot.tasks[1].status = .success
        snapshot.tasks[2].status = .success
        snapshot.status = .success
        var machine = JobMachine(snapshot)
        try machine.rerun(from: 2)
        #expect(machine.changes.removedTasks == [10, 11])
        #expect(status(machine, 2) == .ready)
        #expect(status(machine, 3) == .pending)
    }

    @Test func rerunFromAnInstanceIsRefused() throws {
        var snapshot = fanOut(count: 1, limit: 0, statuses: [.success])
        snapshot.tasks[1].status = .success
        snapshot.tasks[2].status = .success
        snapshot.status = .success
        var machine = JobMachine(snapshot)
        #expect(throws: JobMachine.RerunRefusal.fanOutInstance(task: 10, step: 2)) { try machine.rerun(from: 10) }
    }
}

@Suite struct JobMachineFanOutOrderTests {
    /// Two fan-out steps (1 and 2) whose outcomes arrive in one transition: the store inserted
    /// both steps' instances (10, 11 of 1; 20, 21 of 2) before the machine applies either outcome.
    @Test func instancesOfAStepWhoseOutcomeComesLaterWaitForIt() throws {
        var machine = JobMachine(
            JobSnapshot(
                id: 1, status: .running, hasFailureHook: false,
                tasks: [
                    TaskSnapshot(id: 1, status: .running),
                    TaskSnapshot(id: 2, status: .running),
                    TaskSnapshot(id: 3, status: .running),
                    TaskSnapshot(id: 10, status: .pending, instanceOf: 1),
                    TaskSnapshot(id: 11, status: .pending, instanceOf: 1),
                    TaskSnapshot(id: 20, status: .pending, instanceOf: 2),
                    TaskSnapshot(id: 21, status: .pending, instanceOf: 2),
                ]))
        try machine.finished(1, .fannedOut, now: 0)
        try machine.finished(3, .skipped, now: 0)
        #expect(machine.job.tasks.filter { $0.instanceOf == 2 }.allSatisfy { $0.status == .pending })
        try machine.finished(2, .fannedOut, now: 0)
        #expect(machine.job.tasks.filter { $0.instanceOf != nil }.allSatisfy { $0.status == .ready })
    }
}
