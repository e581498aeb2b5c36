import Baton
import BatonCore
import BatonEngine
import BatonStore
import BatonTestSupport
import Foundation
import Synchronization
import Testing

@Suite struct LeaseAndSwiftCancelTests {
    @Test func aLongTaskKeepsItsLeaseAndIsNotStolen() async throws {
        let home = try await TestHome(
            workflows: "t.LONG:\n  tasks: [LONG]\n",
            tasks: """
                LONG:
                  shell: |
                    echo "$BATON_ATTEMPT" >> attempts; sleep 7
                """)
        // Leases of 3 s, renewed every second while the task runs (a full parallel test run can
        // delay a renewal by two seconds); a second engine would steal an expired one.
        let engines = [home.engine(worker: "one", leaseSeconds: 3), home.engine(worker: "two", leaseSeconds: 3)]
        let runs = engines.map { engine in Task { try await engine.run() } }
        defer { runs.forEach { $0.cancel() } }
        let job = try await home.service(engines[0]).start(workflow: "t.LONG", payload: [:])
        engines[1].notify()
        let (done, tasks) = try await home.waitForEnd(job.number, engine: engines[0])
        #expect(done.status == .success)
        #expect(tasks[0].attempt == 1)
        #expect(try String(contentsOfFile: home.path("attempts"), encoding: .utf8) == "1\n")
    }

    @Test func cancelReachesASwiftTaskAsTaskCancellation() async throws {
        let sawCancellation = Mutex(false)
        var registry = TaskRegistry()
        registry.register("WAIT") { _ in
            do {
                try await Task.sleep(for: .seconds(30))
            } catch is CancellationError {
                sawCancellation.withLock { $0 = true }
                throw CancellationError()
            }
            return nil
        }
        let home = try await TestHome(workflows: "t.SWIFT:\n  tasks: [WAIT]\n", registry: registry)
        let engine = home.engine()
        let running = Task { try await engine.run() }
        defer { running.cancel() }
        let service = home.service(engine)
        let job = try await service.start(workflow: "t.SWIFT", payload: [:])
        try await eventually { try await home.store.taskList(job: job.number)[0].status == .running }
        _ = try await service.cancel(number: job.number)
        let (done, tasks) = try await home.waitForEnd(job.number, engine: engine)
        #expect(done.status == .interrupted)
        #expect(tasks[0].status == .canceled)
        #expect(sawCancellation.withLock { $0 })
    }
}
