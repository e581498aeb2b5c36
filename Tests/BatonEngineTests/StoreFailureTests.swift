import BatonCore
import BatonStore
import BatonTestSupport
import Foundation
import Synchronization
import Testing

@testable import BatonEngine

/// A store that fails (a database restarting) slows the engine down; it never stops it.
@Suite struct StoreFailureTests {
    @Test func theEngineRetriesFailedWorkStepsAndTheJobStillEnds() async throws {
        let home = try await TestHome(workflows: "t.ONE:\n  tasks: [A]\n", tasks: "A:\n  shell: 'true'\n")
        let failing = FailingStore(home.store, failures: 3)
        let engine = home.engine(store: failing)
        let running = Task { try await engine.run() }
        defer { running.cancel() }
        let job = try await home.service(engine).start(workflow: "t.ONE", payload: [:])
        let (done, tasks) = try await home.waitForEnd(job.number, engine: engine)
        #expect(done.status == .success)
        #expect(tasks[0].attempt == 1)
        #expect(failing.failed.load(ordering: .relaxed) == 3, "three work steps failed and were tried again")
    }
}

/// Forwards to `inner`, but its first `failures` work steps throw.
private final class FailingStore: ForwardingStore {
    let inner: any Store
    let failures: Int
    let failed = Atomic<Int>(0)

    init(_ inner: any Store, failures: Int) {
        self.inner = inner
        self.failures = failures
    }

    func workStep(_ step: WorkStep) async throws -> WorkStepResult {
        if failed.load(ordering: .relaxed) < failures {
            failed.add(1, ordering: .relaxed)
            throw StoreError.corrupt("the database is restarting")
        }
        return try await inner.workStep(step)
    }

}
