import Baton
import BatonCore
import BatonEngine
import BatonStore
import BatonTestSupport
import Foundation
import Testing

/// SPEC §13 run for real: shell tasks in a home, an engine, and the store of each backend
/// (PostgreSQL when `BATON_TEST_POSTGRES` is set, each test in a schema of its own).
@Suite(.timeLimit(.minutes(3))) struct WorkflowLanguageTests {
    static let backends = ["sqlite"] + (ProcessInfo.processInfo.environment["BATON_TEST_POSTGRES"] == nil ? [] : ["postgres"])

    /// `baton.yml` for `backend` plus `settings`.
    static func settings(_ backend: String, _ settings: String = "") -> String {
        guard backend == "postgres", let base = ProcessInfo.processInfo.environment["BATON_TEST_POSTGRES"] else {
            return settings
        }
        let schema = "t_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        return "database: \(base)?schema=\(schema)\n\(settings)"
    }

    /// Lines "start|end INDEX NANOSECONDS" the instances wrote, as the largest number of
    /// instances whose start–end spans overlapped.
    static func mostAtOnce(_ ledger: String) -> Int {
        var events: [(time: Int, delta: Int)] = []
        for line in ledger.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 3, let time = Int(fields[2]) else { continue }
            events.append((time, fields[0] == "start" ? 1 : -1))
        }
        // Ends before starts at the same instant: touching spans do not overlap.
        events.sort { ($0.time, $0.delta) < ($1.time, $1.delta) }
        var running = 0
        var most = 0
        for event in events {
            running += event.delta
            most = max(most, running)
        }
        return most
    }

    @Test(arguments: backends) func fanOutOverRowsNeverRunsMoreThanItsConcurrency(backend: String) async throws {
        let home = try await TestHome(
            workflows: #"""
                t.FILES:
                  tasks:
                    - {id: list_1, shell: 'printf "a,1\nb,2\nc,3\nd,4\ne,5\nf,6\ng,7\n" > "$BATON_ROWS"'}
                    - id: load_1
                      needs: [list_1]
                      foreach: {rows: list_1, concurrency: 3}
                      shell: |
                        echo "start $BATON_ITEM_INDEX $(date +%s%N)" >> ledger
                        sleep 0.3
                        printf '{"name": "%s", "n": %s, "item": %s, "key": "%s"}' "$BATON_ITEM_0" "$BATON_ITEM_1" "$BATON_ITEM" "$BATON_TASK_KEY" > "$BATON_RESULT"
                        echo "end $BATON_ITEM_INDEX $(date +%s%N)" >> ledger
                    - {id: after_1, needs: [load_1], shell: 'echo "$BATON_PARENTS" > "$BATON_RESULT"'}
                """#, settings: Self.settings(backend))
        let (job, tasks) = try await home.run("t.FILES")
        #expect(job.status == .success)
        let instances = (0..<7).map { tasks.named("load_1[\($0)]") }
        #expect(instances.allSatisfy { $0.status == .success })
        #expect(instances[2].result == ["name": "c", "n": 3, "item": ["c", "3"], "key": "load_1[2]"])
        #expect(tasks.named("load_1").result == ["instances": 7])
        #expect(tasks.named("after_1").result == ["instances": 7])
        let ledger = try String(contentsOfFile: home.path("ledger"), encoding: .utf8)
        #expect(ledger.split(separator: "\n").count == 14)
        #expect(Self.mostAtOnce(ledger) <= 3)
        #expect(Self.mostAtOnce(ledger) >= 2, "instances did run side by side")
    }

    @Test(arguments: backends) func fanOutOverAResultArrayAndThePayload(backend: String) async throws {
        let home = try await TestHome(
            workflows: #"""
                t.ARRAYS:
                  tasks:
                    - {id: make, shell: 'echo "{\"files\": {\"list\": [\"x\", {\"y\": 1}]}}" > "$BATON_RESULT"'}
                    - id: each
                      needs: [make]
                      foreach: {result: make, path: files.list}
                      shell: 'printf "%s" "$BATON_ITEM" > "$BATON_RESULT"'
                    - id: from_payload
                      foreach: {payload: names}
                      shell: 'printf "{\"i\": %s, \"item\": %s}" "$BATON_ITEM_INDEX" "$BATON_ITEM" > "$BATON_RESULT"'
                """#, settings: Self.settings(backend))
        let (job, tasks) = try await home.run("t.ARRAYS", payload: ["names": ["ann", "bob", "cy"]])
        #expect(job.status == .success)
        #expect(tasks.named("each[0]").result == "x")
        #expect(tasks.named("each[1]").result == ["y": 1])
        #expect(tasks.named("from_payload[2]").result == ["i": 2, "item": "cy"])
        #expect(tasks.filter { $0.key.hasPrefix("from_payload[") }.count == 3)
    }

    @Test func swiftInstancesSeeTheirItem() async throws {
        var registry = TaskRegistry()
        registry.register("ECHO_ITEM") { context in
            ["key": .string(context.taskKey), "index": .int(context.item?.index ?? -1), "item": context.item?.value ?? .null]
        }
        let home = try await TestHome(
            workflows: """
                t.SWIFT:
                  tasks:
                    - {id: each, task: ECHO_ITEM, foreach: {payload: things}}
                """, registry: registry)
        let (job, tasks) = try await home.run("t.SWIFT", payload: ["things": [["a": 1], "b"]])
        #expect(job.status == .success)
        #expect(tasks.named("each[0]").result == ["key": "each[0]", "index": 0, "item": ["a": 1]])
        #expect(tasks.named("each[1]").result == ["key": "each[1]", "index": 1, "item": "b"])
    }

    @Test(arguments: backends) func emptyFanOutSucceedsAndItsChildrenRun(backend: String) async throws {
        let home = try await TestHome(
            workflows: #"""
                t.EMPTY:
                  tasks:
                    - {id: list_1, shell: 'true'}
                    - {id: load_1, needs: [list_1], foreach: {rows: list_1}, shell: 'echo never >> ledger'}
                    - {id: after_1, needs: [load_1], shell: 'echo after >> ledger'}
                """#, settings: Self.settings(backend))
        let (job, tasks) = try await home.run("t.EMPTY")
        #expect(job.status == .success)
        #expect(tasks.named("load_1").result == ["instances": 0])
        #expect(try String(contentsOfFile: home.path("ledger"), encoding: .utf8) == "after\n")
    }

    @Test(arguments: backends) func fanOutBeyondMaxFanoutFailsWithItsReason(backend: String) async throws {
        let home = try await TestHome(
            workflows: #"""
                t.BIG:
                  tasks:
                    - {id: list_1, shell: 'seq 1 7 > "$BATON_ROWS"'}
                    - {id: load_1, needs: [list_1], foreach: {rows: list_1}, shell: 'echo ran >> ledger'}
                """#, settings: Self.settings(backend, "max_fanout: 5\n"))
        let (job, tasks) = try await home.run("t.BIG")
        #expect(job.status == .failed)
        let step = tasks.named("load_1")
        #expect(step.status == .failed)
        #expect(step.error?.exception.contains("max_fanout (5)") == true, "\(String(describing: step.error))")
        #expect(!tasks.contains { $0.key.hasPrefix("load_1[") })
        #expect(!FileManager.default.fileExists(atPath: home.path("ledger")))
    }

    @Test(arguments: backends) func oneFailingInstanceFailsTheStepAndTheJob(backend: String) async throws {
        let home = try await TestHome(
            workflows: #"""
                t.ONE_FAILS:
                  tasks:
                    - id: load_1
                      foreach: {payload: items, concurrency: 1}
                      shell: 'echo "$BATON_ITEM_INDEX" >> ledger; test "$BATON_ITEM" != "\"bad\""'
                    - {id: after_1, needs: [load_1], shell: 'echo after >> ledger'}
                """#, settings: Self.settings(backend))
        let (job, tasks) = try await home.run("t.ONE_FAILS", payload: ["items": ["ok", "bad", "late", "later"]])
        #expect(job.status == .failed)
        #expect(tasks.named("load_1[0]").status == .success)
        #expect(tasks.named("load_1[1]").status == .failed)
        #expect(tasks.named("load_1[2]").status == .canceled)
        #expect(tasks.named("load_1[3]").status == .canceled)
        #expect(tasks.named("load_1").status == .failed)
        #expect(tasks.named("after_1").status == .canceled)
        #expect(try String(contentsOfFile: home.path("ledger"), encoding: .utf8) == "0\n1\n")
    }

    @Test(arguments: backends) func whenConditionRunsOrSkipsTheStepAndWhatFollows(backend: String) async throws {
        let home = try await TestHome(
            workflows: #"""
                t.WHEN:
                  tasks:
                    - {id: check_1, shell: 'printf "{\"ok\": %s, \"level\": \"%s\"}" "$BATON_PARAM_OK" "$BATON_PARAM_LEVEL" > "$BATON_RESULT"', params: {ok: "true", level: low}}
                    - {id: publish_1, needs: [check_1], when: {task: check_1, path: ok, equals: true}, shell: 'echo publish >> ledger'}
                    - {id: after_1, needs: [publish_1], shell: 'echo after >> ledger'}
                    - {id: alert_1, needs: [check_1], when: {task: check_1, path: level, in: [high, critical]}, shell: 'echo alert >> ledger'}
                    - {id: calm_1, needs: [check_1], when: {task: check_1, path: level, not_equals: high}, shell: 'echo calm >> ledger'}
                """#, settings: Self.settings(backend))
        let (ran, ranTasks) = try await home.run("t.WHEN")
        #expect(ran.status == .success)
        #expect(ranTasks.named("publish_1").status == .success)
        #expect(ranTasks.named("after_1").status == .success)
        #expect(ranTasks.named("alert_1").status == .skipped)
        #expect(ranTasks.named("calm_1").status == .success)
        let lines = try String(contentsOfFile: home.path("ledger"), encoding: .utf8).split(separator: "\n")
        #expect(lines.sorted() == ["after", "calm", "publish"])

        try FileManager.default.removeItem(atPath: home.path("ledger"))
        let (skipped, skippedTasks) = try await home.run(
            "t.WHEN", input: ["check_1": ["ok": "false", "level": "high"]])
        #expect(skipped.status == .success, "skipped steps let the job succeed")
        #expect(skippedTasks.named("publish_1").status == .skipped)
        #expect(skippedTasks.named("after_1").status == .skipped, "descendants of a skipped step are skipped")
        #expect(skippedTasks.named("alert_1").status == .success)
        #expect(skippedTasks.named("calm_1").status == .skipped)
        #expect(try String(contentsOfFile: home.path("ledger"), encoding: .utf8) == "alert\n", "skipped commands never ran")
    }

    @Test(arguments: backends) func subWorkflowStepRunsTheChildAndEndsAsItEnds(backend: String) async throws {
        let home = try await TestHome(
            workflows: #"""
                t.PARENT:
                  tasks:
                    - {id: make_1, shell: 'echo "{\"count\": 4}" > "$BATON_RESULT"'}
                    - {id: publish_1, needs: [make_1], workflow: t.CHILD, payload: {source: "{{job.id}}", count: "{{parents.make_1.count}}", mode: "{{payload.mode}}"}}
                    - {id: after_1, needs: [publish_1], shell: 'echo "$BATON_PARENTS" > "$BATON_RESULT"'}
                t.CHILD:
                  tasks:
                    - {id: work_1, shell: 'echo "$BATON_PAYLOAD" > "$BATON_RESULT"; test "$(echo "$BATON_PAYLOAD" | grep -c fail)" = 0'}
                """#, settings: Self.settings(backend))
        let (job, tasks) = try await home.run("t.PARENT", payload: ["mode": "fast"])
        #expect(job.status == .success)
        let step = tasks.named("publish_1")
        #expect(step.status == .success)
        let childNumber = try #require(step.result?["number"]?.intValue)
        let child = try #require(try await home.store.jobGet(number: Int64(childNumber)))
        #expect(
            step.result == ["job": .string(child.uuid.uuidString.lowercased()), "number": .int(childNumber), "status": "success"])
        #expect(child.workflow == "t.CHILD")
        #expect(child.status == .success)
        #expect(child.comment == "sub-workflow of \(job.uuid.uuidString.lowercased()) step publish_1")
        #expect(child.payload == ["source": .string(job.uuid.uuidString.lowercased()), "count": "4", "mode": "fast"])
        #expect(tasks.named("after_1").result == step.result)

        let (failed, failedTasks) = try await home.run("t.PARENT", payload: ["mode": "fail"])
        #expect(failed.status == .failed)
        #expect(failedTasks.named("publish_1").status == .failed)
        #expect(failedTasks.named("publish_1").result?["status"] == "failed")
        #expect(failedTasks.named("after_1").status == .canceled)
    }

    @Test(arguments: backends) func cancellingTheParentCancelsTheChildAndStopsItsProcess(backend: String) async throws {
        let home = try await TestHome(
            workflows: #"""
                t.OUTER:
                  tasks:
                    - {id: inner_1, workflow: t.INNER}
                t.INNER:
                  tasks:
                    - {id: sleep_1, shell: 'echo $$ > pid; exec sleep 60'}
                """#, settings: Self.settings(backend))
        let engine = home.engine()
        let running = Task { try await engine.run() }
        defer { running.cancel() }
        let service = home.service(engine)
        let job = try await service.start(workflow: "t.OUTER", payload: [:])
        var pid: Int32 = 0
        try await eventually {
            pid =
                Int32(
                    (try? String(contentsOfFile: home.path("pid"), encoding: .utf8))?.trimmingCharacters(
                        in: .whitespacesAndNewlines) ?? "") ?? 0
            return pid > 0
        }
        #expect(try await service.cancel(number: job.number)?.status == .stopping)
        let (parent, tasks) = try await home.waitForEnd(job.number, engine: engine)
        #expect(parent.status == .interrupted)
        #expect(tasks.named("inner_1").status == .canceled)
        let childNumber = try #require(tasks.named("inner_1").result?["number"]?.intValue)
        let child = try #require(try await home.store.jobGet(number: Int64(childNumber)))
        #expect(child.status == .interrupted)
        try await eventually { kill(pid, 0) != 0 }
    }

    /// Runs `count` jobs of each workflow in `workflows` (submitted in that order before any
    /// engine runs) with one engine running `concurrency` tasks at once, until all have ended.
    static func runQueued(
        _ home: TestHome, _ workflows: [String], count: Int, concurrency: Int
    ) async throws -> [JobRecord] {
        let service = home.service()
        var jobs: [JobRecord] = []
        for workflow in workflows {
            for _ in 0..<count { jobs.append(try await service.start(workflow: workflow, payload: [:])) }
        }
        let engine = home.engine(concurrency: concurrency)
        let running = Task { try await engine.run() }
        defer { running.cancel() }
        var ended: [JobRecord] = []
        for job in jobs { ended.append(try await home.waitForEnd(job.number, engine: engine).0) }
        return ended
    }

    @Test(arguments: backends) func workflowConcurrencyRunsAtMostTwoJobsAtOnce(backend: String) async throws {
        let home = try await TestHome(
            workflows: #"""
                t.TWO:
                  concurrency: 2
                  tasks:
                    - {id: first, shell: 'echo "start $BATON_JOB_NUMBER $(date +%s%N)" >> ledger; sleep 0.2'}
                    - {id: second, needs: [first], shell: 'sleep 0.2; echo "end $BATON_JOB_NUMBER $(date +%s%N)" >> ledger'}
                """#, settings: Self.settings(backend))
        let jobs = try await Self.runQueued(home, ["t.TWO"], count: 6, concurrency: 8)
        #expect(jobs.allSatisfy { $0.status == .success })
        let ledger = try String(contentsOfFile: home.path("ledger"), encoding: .utf8)
        #expect(Self.mostAtOnce(ledger) == 2, "jobs of the workflow running at once: \(ledger)")
    }

    @Test(arguments: backends) func priorityOrdersClaimsWithOneWorker(backend: String) async throws {
        let home = try await TestHome(
            workflows: #"""
                t.LOW:
                  tasks: [{id: low, shell: 'echo low >> ledger'}]
                t.HIGH:
                  priority: 5
                  tasks: [{id: high, shell: 'echo high >> ledger'}]
                """#, settings: Self.settings(backend))
        let jobs = try await Self.runQueued(home, ["t.LOW", "t.HIGH"], count: 3, concurrency: 1)
        #expect(jobs.allSatisfy { $0.status == .success })
        let order = try String(contentsOfFile: home.path("ledger"), encoding: .utf8).split(separator: "\n")
        #expect(order == ["high", "high", "high", "low", "low", "low"])
    }

    @Test(arguments: backends) func rerunFromAMiddleStepKeepsTheFirstStepsAttempt(backend: String) async throws {
        let home = try await TestHome(
            workflows: #"""
                t.RERUN:
                  tasks:
                    - {id: a, shell: 'echo "a $BATON_ATTEMPT" >> ledger'}
                    - {id: b, needs: [a], shell: 'echo "b $BATON_ATTEMPT" >> ledger'}
                    - {id: c, needs: [b], shell: 'echo "c $BATON_ATTEMPT" >> ledger'}
                """#, settings: Self.settings(backend))
        let (first, _) = try await home.run("t.RERUN")
        #expect(first.status == .success)
        let engine = home.engine()
        let running = Task { try await engine.run() }
        defer { running.cancel() }
        let rerun = try await home.service(engine).rerun(first, from: "b")
        #expect(rerun?.status == .running)
        let (job, tasks) = try await home.waitForEnd(first.number, engine: engine)
        #expect(job.status == .success)
        #expect(tasks.map(\.attempt) == [1, 2, 2])
        let ledger = try String(contentsOfFile: home.path("ledger"), encoding: .utf8)
        #expect(ledger == "a 1\nb 1\nc 1\nb 2\nc 2\n")
    }
}
