import Baton
import BatonCore
import BatonEngine
import BatonStore
import BatonTestSupport
import Foundation
import Testing

@Suite struct EngineShutdownTests {
    private func home() async throws -> TestHome {
        try await TestHome(
            workflows: """
                t.QUICK:
                  tasks: [QUICK]
                t.LONG:
                  tasks: [LONG]
                """,
            tasks: """
                QUICK:
                  shell: |
                    touch started; while [ ! -f go ]; do sleep 0.01; done; echo '"finished"' > "$BATON_RESULT"
                LONG:
                  shell: |
                    touch started; sleep 30
                """)
    }

    /// Starts a job, waits until its task runs, stops the engine, and returns the job's one task.
    private func stopWhileRunning(
        _ home: TestHome, _ workflow: String, grace: Double, beforeStop: () throws -> Void = {}
    ) async throws -> TaskRecord {
        let engine = home.engine(shutdownGrace: grace)
        let running = Task { try await engine.run() }
        let job = try await home.service(engine).start(workflow: workflow, payload: [:])
        try await eventually { FileManager.default.fileExists(atPath: home.path("started")) }
        running.cancel()
        try beforeStop()
        try await running.value
        return try await home.store.taskList(job: job.number)[0]
    }

    @Test func runningTaskFinishesWithinTheGraceAndIsRecorded() async throws {
        let home = try await home()
        let task = try await stopWhileRunning(home, "t.QUICK", grace: 20) {
            // Let the task end only after the stop began.
            FileManager.default.createFile(atPath: home.path("go"), contents: nil)
        }
        #expect(task.status == .success)
        #expect(task.result == "finished")
    }

    @Test func taskStillRunningAfterTheGraceIsHandedBack() async throws {
        let home = try await home()
        let task = try await stopWhileRunning(home, "t.LONG", grace: 0.2)
        #expect(task.status == .ready, "queued again for another worker")
        #expect(task.attempt == 1)
        #expect(task.failures == 0, "no retry used up")
    }
}
