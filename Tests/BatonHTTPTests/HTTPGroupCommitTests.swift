import BatonCore
import BatonHTTP
import BatonStore
import BatonTestSupport
import Foundation
import Logging
import Synchronization
import Testing

@testable import BatonEngine

/// Concurrent `POST /api/workflows` share transactions, and each answer comes only once its
/// job is durable (the group commit seen through HTTP, not only through `GroupCommit`).
@Suite struct HTTPGroupCommitTests {
    @Test func concurrentPostsShareOneCommitAndAreAnsweredAfterIt() async throws {
        let home = try await TestServer.home()
        let store = CommitLogStore(home.store)
        let service = JobService(store: store, definitions: home.definitions)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let running = Task {
            try await BatonServer.run(
                service: service, engine: nil, settings: ServerSettings(host: "127.0.0.1", port: 0),
                logger: logger, onRunning: { continuation.yield($0) })
        }
        defer { running.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let body = Data(#"{"project": "bench", "name": "SINGLE", "payload": {}}"#.utf8)
        let answered = Mutex<[String]>([])
        let post: @Sendable () async throws -> String = {
            let (status, _, data) = try await RawHTTP.request(
                method: "POST", port: port, path: "/api/workflows", headers: ["Content-Type": "application/json"],
                body: body)
            #expect(status == 201)
            let id = try #require(try JSON.parse(data)["id"]?.stringValue)
            // Durable before the answer: the transaction holding this job has returned.
            #expect(store.committed(id), "answered before its job was committed")
            answered.withLock { $0.append(id) }
            return id
        }

        // The first POST's commit is held until 20 more wait behind it.
        let first = Task { try await post() }
        try await eventually { store.batches.withLock { $0.count } == 1 }
        let others = (1...20).map { _ in Task { try await post() } }
        try await eventually { service.submissions.waiting == 20 }
        #expect(answered.withLock { $0.isEmpty }, "nothing is answered while its commit is held")
        store.open()
        var ids = [try await first.value]
        for other in others { ids.append(try await other.value) }
        #expect(store.batches.withLock { $0 } == [1, 20], "one transaction for the first, one for the twenty")
        #expect(Set(ids).count == 21, "each its own job")
        #expect(try await home.store.jobList(JobQuery()).total == 21)
    }
}

/// Notes each insert transaction's size and the jobs it committed; the first one waits for `open()`.
private final class CommitLogStore: ForwardingStore {
    let inner: any Store
    let batches = Mutex<[Int]>([])
    private let durable = Mutex<Set<String>>([])
    private let gate = Mutex<(opened: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    init(_ inner: any Store) { self.inner = inner }

    /// Whether the job with this (lowercase) UUID was in a transaction that returned.
    func committed(_ id: String) -> Bool { durable.withLock { $0.contains(id) } }

    func open() {
        gate.withLock { gate in
            gate.opened = true
            return gate.waiter.take()
        }?.resume()
    }

    func jobInsert(_ jobs: [NewJob], now: Int64) async throws -> [JobRecord] {
        let first = batches.withLock { batches in
            batches.append(jobs.count)
            return batches.count == 1
        }
        if first {
            await withCheckedContinuation { continuation in
                let wait = gate.withLock { gate -> Bool in
                    if gate.opened { return false }
                    gate.waiter = continuation
                    return true
                }
                if !wait { continuation.resume() }
            }
        }
        let records = try await inner.jobInsert(jobs, now: now)
        durable.withLock { durable in
            for record in records { durable.insert(record.uuid.uuidString.lowercased()) }
        }
        return records
    }

}
