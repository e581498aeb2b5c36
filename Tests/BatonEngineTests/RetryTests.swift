import Baton
import BatonCore
import BatonEngine
import BatonStore
import BatonTestSupport
import Foundation
import Testing

@Suite struct RetryTests {
    @Test func retryRunsOnlyWhatFailedAndWhatDependsOnIt() async throws {
        let home = try await TestHome(
            workflows: """
                t.RETRY:
                  tasks:
                    - {id: extract, task: MARK}
                    - {id: side, task: MARK}
                    - {id: flaky, task: NEEDS_FIX, needs: [extract]}
                    - {id: load, task: MARK, needs: [flaky, side]}
                """,
            tasks: #"""
                MARK:
                  shell: |
                    echo "$BATON_TASK_KEY" >> ledger; echo "\"$BATON_TASK_KEY\"" > "$BATON_RESULT"
                NEEDS_FIX:
                  shell: |
                    echo "$BATON_TASK_KEY" >> ledger; test -f fixed && echo "$BATON_PARENTS" > "$BATON_RESULT"
                """#)
        let (failed, tasks) = try await home.run("t.RETRY", payload: ["n": 1])
        #expect(failed.status == .failed)
        #expect(tasks.map(\.status) == [.success, .success, .failed, .canceled])

        await #expect(throws: SubmissionError.nothingToRetry(job: 99, status: .success)) {
            try await home.service().retry(
                JobRecord(
                    number: 99, uuid: UUID(), workflow: "t.RETRY", project: "t", name: "RETRY",
                    status: .success, payload: [:], input: [:], comment: nil, periodic: false,
                    created: 0, updated: 0, started: nil, ended: nil))
        }
        FileManager.default.createFile(atPath: home.path("fixed"), contents: nil)
        let engine = home.engine()
        let running = Task { try await engine.run() }
        defer { running.cancel() }
        let retry = try await home.service(engine).retry(failed)
        #expect(retry.payload == ["n": 1])
        let (done, again) = try await home.waitForEnd(retry.number, engine: engine)
        #expect(done.status == .success)
        #expect(again.map(\.status) == [.success, .success, .success, .success])
        // The tasks that had succeeded kept their results and did not run again.
        #expect(again.named("extract").result == "extract")
        #expect(again.named("extract").attempt == 0)
        #expect(again.named("flaky").result == "extract")
        let ledger = try String(contentsOfFile: home.path("ledger"), encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(ledger.sorted() == ["extract", "flaky", "flaky", "load", "side"])
    }

    @Test func sameKeyWithinADayGivesTheSameJob() async throws {
        let home = try await TestHome(workflows: "t.ONE:\n  tasks: [A]\n", tasks: "A:\n  shell: \"true\"\n")
        let service = home.service()
        let first = try await service.start(workflow: "t.ONE", payload: [:], key: "client:abc")
        let second = try await service.start(workflow: "t.ONE", payload: ["other": 1], key: "client:abc")
        #expect(second.number == first.number)
        #expect(try await service.start(workflow: "t.ONE", payload: [:], key: "client:xyz").number != first.number)
        #expect(try await home.store.jobList(JobQuery()).total == 2)
        // After 24 hours the key starts a new job.
        let later = try await home.store.jobInsert(
            JobPlanner.plan(home.definitions.workflow(named: "t.ONE")!, payload: [:], key: "client:abc"),
            now: first.created + NewJob.keyLifetime + 1)
        #expect(later.number != first.number)
    }
}
