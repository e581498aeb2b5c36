import Baton
import BatonCore
import BatonEngine
import BatonStore
import BatonTestSupport
import Foundation
import Testing

@Suite struct ReclaimTests {
    @Test func restartedProcessReclaimsTasksOfADeadOneAtOnce() async throws {
        let home = try await TestHome(
            workflows: "t.ONE:\n  tasks: [A]\n", tasks: "A:\n  shell: echo '\"again\"' > \"$BATON_RESULT\"\n")
        // A pid that certainly belonged to a process that is gone.
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let host = EngineConfiguration.uniqueWorkerName().split(separator: ":")[0]
        let deadWorker = "\(host):\(gone.processIdentifier):1:deadbeef"
        let job = try await home.service().start(workflow: "t.ONE", payload: [:])
        let claimed = try await home.store.workStep(
            WorkStep(
                outcomes: [], claim: ClaimRequest(worker: deadWorker, limit: 1, leaseUntil: .max / 2), now: 0)
        ).claimed
        #expect(claimed.count == 1)
        // Its lease would last for ages; a new engine on this machine takes the task back at once.
        let engine = home.engine()
        let running = Task { try await engine.run() }
        defer { running.cancel() }
        let (done, reclaimed) = try await home.waitForEnd(job.number, engine: engine)
        #expect(done.status == .success)
        #expect(reclaimed[0].attempt == 2, "the re-run is attempt 2")
        #expect(reclaimed[0].failures == 0, "no retry used up")
        #expect(reclaimed[0].result == "again")
    }
}
