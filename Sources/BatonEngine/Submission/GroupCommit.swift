import BatonStore
import Synchronization

/// Group commit for submissions: jobs submitted while a commit is in flight wait for it and
/// then go in together, in one transaction, so concurrent POSTs (either API), CLI runs and
/// schedules share one durable commit instead of queueing for one each. Each caller is answered
/// only once its job is committed. A batch that fails is tried again job by job, so one bad
/// job never fails the others.
final class GroupCommit: Sendable {
    private struct Waiter {
        let job: NewJob
        let continuation: CheckedContinuation<JobRecord, any Error>
    }

    private struct State {
        var queue: [Waiter] = []
        var committing = false
    }

    /// One transaction inserting jobs in order (`Store.jobInsert(_:now:)`).
    typealias Insert = @Sendable ([NewJob]) async throws -> [JobRecord]
    private let insertBatch: Insert
    private let metrics: BatonMetrics
    private let state = Mutex(State())
    /// A bound on one transaction's size (its time, and what a failure retries one by one).
    static let maxBatch = 256

    init(metrics: BatonMetrics, insert: @escaping Insert) {
        self.insertBatch = insert
        self.metrics = metrics
    }

    /// Inserts `job` with whatever else is submitted meanwhile; returns once it is durable.
    func insert(_ job: NewJob) async throws -> JobRecord {
        let lead = state.withLock { state in
            guard !state.committing else { return false }
            state.committing = true
            return true
        }
        guard lead else { return try await enqueue(job) }
        // Nothing in flight: this caller commits its own job at once, without a hand-off to
        // another task (the latency of a lone submission); what arrived meanwhile is drained
        // by a task of its own, so this caller is answered after its own commit only.
        defer {
            let more = state.withLock { state in
                if state.queue.isEmpty { state.committing = false }
                return state.committing
            }
            if more { Task { await self.drain() } }
        }
        return try await commit(job)
    }

    /// Waits in the queue for the commit after the one in flight.
    private func enqueue(_ job: NewJob) async throws -> JobRecord {
        try await withCheckedThrowingContinuation { continuation in
            let lead = state.withLock { state in
                state.queue.append(Waiter(job: job, continuation: continuation))
                guard !state.committing else { return false }
                state.committing = true
                return true
            }
            // The commit in flight ended meanwhile and left nobody to drain the queue.
            if lead { Task { await self.drain() } }
        }
    }

    /// One job in a transaction of its own.
    private func commit(_ job: NewJob) async throws -> JobRecord {
        let started = ContinuousClock.now
        guard let record = try await insertBatch([job]).first else { throw StoreError.corrupt("no job inserted") }
        metrics.storeCommitted(seconds: (ContinuousClock.now - started).seconds)
        return record
    }

    /// Submissions waiting for the next commit (for tests).
    var waiting: Int { state.withLock { $0.queue.count } }

    private func drain() async {
        while true {
            let batch = state.withLock { state -> [Waiter] in
                guard !state.queue.isEmpty else {
                    state.committing = false
                    return []
                }
                let batch = Array(state.queue.prefix(Self.maxBatch))
                state.queue.removeFirst(batch.count)
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                let started = ContinuousClock.now
                let records = try await insertBatch(batch.map(\.job))
                metrics.storeCommitted(seconds: (ContinuousClock.now - started).seconds)
                for (waiter, record) in zip(batch, records) { waiter.continuation.resume(returning: record) }
            } catch  where batch.count > 1 {
                for waiter in batch {
                    do {
                        guard let record = try await insertBatch([waiter.job]).first else {
                            throw StoreError.corrupt("no job inserted")
                        }
                        waiter.continuation.resume(returning: record)
                    } catch {
                        waiter.continuation.resume(throwing: error)
                    }
                }
            } catch {
                batch[0].continuation.resume(throwing: error)
            }
        }
    }
}
