import Baton
import BatonCore
import BatonEngine
import BatonStore
import Foundation
import Testing
import BatonTestSupport

private let tasks = #"""
    EXTRACT:
      shell: |
        echo "extracting for $BATON_PAYLOAD"
        printf '{"rows": 3, "user": %s}' "$(echo "$BATON_PAYLOAD" | sed 's/.*"user":\([0-9]*\).*/\1/')" > "$BATON_RESULT"
    PART_A:
      shell: |
        echo '{"part": "a"}' > "$BATON_RESULT"
    PART_B:
      shell: |
        echo '{"part": "b"}' > "$BATON_RESULT"
    LOAD:
      shell: |
        printf '%s' "$BATON_PARENTS" > "$BATON_RESULT"
    ECHO_PARAMS:
      shell: |
        printf '{"params": %s, "name": "%s", "key": "%s"}' "$BATON_PARAMS" "$BATON_PARAM_PLAYER_NAME" "$BATON_TASK_KEY" > "$BATON_RESULT"
      params: {player-name: nobody, limit: 10}
    FAIL:
      shell: |
        echo "boom on attempt $BATON_ATTEMPT" >&2; exit 3
    FLAKY:
      shell: |
        test "$BATON_ATTEMPT" -ge 2 && echo '"fine"' > "$BATON_RESULT"
      retries: 2
      retry_delay: 0.05
    SLOW:
      shell: |
        echo $$ > pid; sleep 30
      timeout: 0.5
    MARK:
      shell: |
        echo "$BATON_JOB_ID" >> ledger
    WRITE_NAME:
      shell: |
        printf '%s' "$BATON_PARAM_PLAYER_NAME" > name.txt
      params: {player-name: nobody}
    ROWS:
      shell: |
        printf 'a,"b ""quoted"", c"\n"multi\nline",2\n' > "$BATON_ROWS"
    """#

private let workflows = """
    test.ETL:
      tasks:
        - EXTRACT
        - GROUP:
            type: group
            tasks: [PART_A, PART_B]
        - LOAD
    test.DAG:
      tasks:
        - {id: first, task: ECHO_PARAMS}
        - {id: second, task: ECHO_PARAMS, needs: [first], params: {limit: 20}}
    test.INJECT:
      tasks:
        - {id: script, task: WRITE_NAME}
        - {id: argv, shell: [printf, "%s", "$BATON_PARAM_PLAYER_NAME"], params: {player-name: nobody}}
    test.FAILING:
      tasks:
        - {id: ok, task: PART_A}
        - {id: bad, task: FAIL, needs: [ok]}
        - {id: after_bad, task: LOAD, needs: [bad]}
        - {id: independent, task: PART_B, needs: [ok]}
      hooks: {success: MARK, failure: MARK}
    test.HOOKED:
      tasks: [PART_A]
      hooks: {success: MARK, failure: MARK}
    test.FLAKY:
      tasks: [FLAKY]
    test.SLOW:
      tasks: [SLOW]
    test.ROWS:
      tasks: [ROWS]
    """

@Suite struct EngineRunTests {
    func home() async throws -> TestHome {
        try await TestHome(workflows: workflows, tasks: tasks)
    }

    @Test func chainAndGroupPassPayloadAndParentsResults() async throws {
        let home = try await home()
        let (job, tasks) = try await home.run("test.ETL", payload: ["user": 7])
        #expect(job.status == .success)
        #expect(tasks.map(\.status) == [.success, .success, .success, .success])
        #expect(tasks.named("EXTRACT").result == ["rows": 3, "user": 7])
        // A group's results reach the next task as a list, in `previous` order.
        #expect(tasks.named("LOAD").result == [["part": "a"], ["part": "b"]])
        #expect(tasks.named("LOAD").parents == [tasks.named("PART_A").id, tasks.named("PART_B").id])
        // Each task started after its parents ended.
        #expect(tasks.named("PART_A").started! >= tasks.named("EXTRACT").ended!)
        #expect(tasks.named("LOAD").started! >= tasks.named("PART_B").ended!)
        let log = try await home.store.taskLogs(task: tasks.named("EXTRACT").id)
        #expect(log.map(\.text) == ["extracting for {\"user\":7}\n"])
        #expect(job.started != nil && job.ended != nil)
    }

    @Test func paramsDefaultsStepOverridesAndInput() async throws {
        let home = try await home()
        let (job, tasks) = try await home.run("test.DAG", input: ["second": ["player-name": "Tim Duncan"]])
        #expect(job.status == .success)
        #expect(
            tasks.named("first").result == ["params": ["player-name": "nobody", "limit": 10], "name": "nobody", "key": "first"])
        #expect(
            tasks.named("second").result == [
                "params": ["player-name": "Tim Duncan", "limit": 20], "name": "Tim Duncan", "key": "second",
            ])
    }

    @Test func unknownInputIsRejectedAndNoJobCreated() async throws {
        let home = try await home()
        await #expect(throws: SubmissionError.unknownInputTask(workflow: "test.DAG", key: "third")) {
            try await home.service().start(workflow: "test.DAG", payload: [:], input: ["third": ["a": 1]])
        }
        await #expect(throws: SubmissionError.unknownInputParam(workflow: "test.DAG", key: "first", param: "nope")) {
            try await home.service().start(workflow: "test.DAG", payload: [:], input: ["first": ["nope": 1]])
        }
        await #expect(throws: SubmissionError.badInputValue(workflow: "test.DAG", key: "first", param: "limit")) {
            try await home.service().start(workflow: "test.DAG", payload: [:], input: ["first": ["limit": [1]]])
        }
        #expect(try await home.store.jobList(JobQuery()).total == 0)
    }

    @Test func injectionThroughParamsNeverExecutes() async throws {
        let home = try await home()
        let marker = home.path("pwned")
        let hostile = "x\"; touch \(marker); echo \"$(touch \(marker))`touch \(marker)`"
        let (job, tasks) = try await home.run(
            "test.INJECT",
            input: [
                "script": ["player-name": .string(hostile)],
                "argv": ["player-name": .string(hostile)],
            ])
        #expect(job.status == .success)
        #expect(!FileManager.default.fileExists(atPath: marker))
        #expect(try String(contentsOfFile: home.path("name.txt"), encoding: .utf8) == hostile)
        // An argv task gets no shell at all: the variable's name arrives literally.
        #expect(try await home.store.taskLogs(task: tasks.named("argv").id).map(\.text) == ["$BATON_PARAM_PLAYER_NAME"])
    }

    @Test func failureInterruptsDescendantsRunsIndependentBranchAndFailureHook() async throws {
        let home = try await home()
        let (job, tasks) = try await home.run("test.FAILING")
        #expect(job.status == .failed)
        #expect(tasks.named("ok").status == .success)
        #expect(tasks.named("bad").status == .failed)
        #expect(tasks.named("bad").error == TaskError(exception: "exit status 3", traceback: "boom on attempt 1"))
        #expect(tasks.named("after_bad").status == .canceled)
        #expect(tasks.named("independent").status == .success)
        let hooks = tasks.filter { $0.hook != nil }
        #expect(hooks.map(\.hook) == [.success, .failure])
        #expect(hooks.map(\.status) == [.canceled, .success])
        #expect(try String(contentsOfFile: home.path("ledger"), encoding: .utf8) == job.uuid.uuidString.lowercased() + "\n")
    }

    @Test func successHookRunsAfterTheJob() async throws {
        let home = try await home()
        let (job, tasks) = try await home.run("test.HOOKED")
        #expect(job.status == .success)
        #expect(tasks.map(\.hook) == [nil, .success])
        #expect(tasks.map(\.status) == [.success, .success])
        #expect(tasks[1].started! >= tasks[0].ended!)
        #expect(FileManager.default.fileExists(atPath: home.path("ledger")))
    }

    @Test func retryThenSuccess() async throws {
        let home = try await home()
        let (job, tasks) = try await home.run("test.FLAKY")
        #expect(job.status == .success)
        #expect(tasks[0].attempt == 2)
        #expect(tasks[0].failures == 1)
        #expect(tasks[0].result == "fine")
    }

    @Test func timeoutStopsTheProcessAndFailsTheTask() async throws {
        let home = try await home()
        let (job, tasks) = try await home.run("test.SLOW")
        #expect(job.status == .failed)
        #expect(tasks[0].error?.exception == "timed out after 0.5 s")
        let pid = try #require(
            Int32(try String(contentsOfFile: home.path("pid"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        // The timed-out process and everything it started are gone.
        try await eventually(timeout: .seconds(30)) { liveProcesses(inGroup: pid).isEmpty }
    }

    @Test func csvRowsAreStoredInOrder() async throws {
        let home = try await home()
        let (job, tasks) = try await home.run("test.ROWS")
        #expect(job.status == .success)
        let rows = try await home.store.taskRows(task: tasks[0].id, offset: 0, limit: 10)
        #expect(rows == [["a", "b \"quoted\", c"], ["multi\nline", "2"]])
        #expect(try await home.store.taskRows(task: tasks[0].id, offset: 1, limit: 10) == [["multi\nline", "2"]])
    }

    @Test func cancelStopsRunningShellTaskAndInterruptsJob() async throws {
        let home = try await TestHome(
            workflows: "t.C:\n  tasks: [SLEEPY, AFTER]\n",
            tasks: """
                SLEEPY:
                  shell: echo $$ > pid; (sleep 20; touch marker) & sleep 30 & wait
                AFTER:
                  shell: "true"
                """)
        let engine = home.engine()
        let running = Task { try await engine.run() }
        defer { running.cancel() }
        let service = home.service(engine)
        let job = try await service.start(workflow: "t.C", payload: [:])
        try await eventually {
            FileManager.default.fileExists(atPath: home.path("pid"))
                && (try? String(contentsOfFile: home.path("pid"), encoding: .utf8))?.isEmpty == false
        }
        let stopping = try await service.cancel(number: job.number)
        #expect(stopping?.status == .stopping)
        let (ended, tasks) = try await home.waitForEnd(job.number, engine: engine)
        #expect(ended.status == .interrupted)
        #expect(tasks.map(\.status) == [.canceled, .canceled])
        let pid = Int32(
            try String(contentsOfFile: home.path("pid"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines))!
        // The whole process group is gone, the grandchild that would write the marker included.
        try await eventually(timeout: .seconds(30)) { liveProcesses(inGroup: pid).isEmpty }
        #expect(!FileManager.default.fileExists(atPath: home.path("marker")))
        // Cancelling an ended job changes nothing.
        #expect(try await service.cancel(number: job.number)?.status == .interrupted)
    }
}
