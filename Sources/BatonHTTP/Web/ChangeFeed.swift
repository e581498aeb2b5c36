import BatonCore
import BatonEngine
import BatonStore
import Foundation
import Synchronization

/// Tells every open `/api/events` stream when a job or one of its tasks changes, whichever
/// process made the change: while anyone listens it compares the active and newest jobs in the
/// store with what it saw last, every `interval` or at once when this process changed a job.
/// Nobody listening costs no query.
final class ChangeFeed: Sendable {
    /// One server-sent event.
    struct Event: Sendable {
        var name: String
        var data: JSON
    }

    private struct State {
        var subscribers: [UUID: AsyncStream<Event>.Continuation] = [:]
        /// Subscribers not yet told `ready`: they are, once a round has seen the store with them
        /// listening, so that any change after their reload is one the feed will report.
        var joining: Set<UUID> = []
        var kicked = false
        var closed = false
    }

    private let service: JobService
    private let interval: Duration
    private let heartbeat: Duration
    private let state = Mutex(State())
    /// How many of the newest jobs are compared each round, so that a job that started and
    /// ended between two rounds is still seen.
    static let newest = 20
    static let activeLimit = 500

    init(service: JobService, interval: Duration = .milliseconds(400), heartbeat: Duration = .seconds(15)) {
        self.service = service
        self.interval = interval
        self.heartbeat = heartbeat
    }

    /// A stream of events that ends when the feed stops or the consumer goes away. The first
    /// event, `ready`, says the subscription is live: a client reloads then, and every change
    /// after that reaches it as a `job` event.
    func subscribe() -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(256))
        let id = Identifiers.randomUUID()
        let closed = state.withLock { state -> Bool in
            if !state.closed {
                state.subscribers[id] = continuation
                state.joining.insert(id)
            }
            return state.closed
        }
        if closed {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { state in
                state.subscribers.removeValue(forKey: id)
                state.joining.remove(id)
            }
        }
        return stream
    }

    /// Something changed in this process: look now rather than at the next round.
    func kick() {
        state.withLock { $0.kicked = true }
    }

    /// The server is shutting down: other long answers (log streams) end too.
    var isClosed: Bool { state.withLock { $0.closed } }

    /// Runs until cancelled, then ends every stream (so that open event streams do not hold up
    /// a graceful shutdown).
    func run() async {
        var seen = Seen()
        var lastCheck = ContinuousClock.now - interval
        var lastBeat = ContinuousClock.now
        while !Task.isCancelled {
            let (listening, kicked) = state.withLock { state -> (Bool, Bool) in
                defer { state.kicked = false }
                return (!state.subscribers.isEmpty, state.kicked || !state.joining.isEmpty)
            }
            if !listening {
                seen = Seen()
            } else if kicked || lastCheck.duration(to: .now) >= interval {
                lastCheck = .now
                let joined = state.withLock { $0.joining }
                if let events = try? await seen.check(service) {
                    publish(events, skipping: joined)
                    welcome(joined)
                }
            }
            if lastBeat.duration(to: .now) >= heartbeat {
                lastBeat = .now
                // A comment line: lets a stream notice a client that went away, and keeps proxies from timing out.
                publish([Event(name: "", data: .null)])
            }
            // Idle, it only waits for a first listener: a slower beat costs less and delays no event.
            try? await Task.sleep(for: .milliseconds(listening ? 50 : 200))
        }
        let subscribers = state.withLock { state in
            state.closed = true
            defer { state.subscribers.removeAll() }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
    }

    /// Sends `events` to every subscriber but those in `skipping` (who reload on `ready` anyway).
    private func publish(_ events: [Event], skipping: Set<UUID> = []) {
        guard !events.isEmpty else { return }
        let subscribers = state.withLock { $0.subscribers.filter { !skipping.contains($0.key) }.map(\.value) }
        for subscriber in subscribers {
            for event in events { subscriber.yield(event) }
        }
    }

    /// Tells subscribers that joined before the round that just ended that they are live.
    private func welcome(_ joined: Set<UUID>) {
        guard !joined.isEmpty else { return }
        let subscribers = state.withLock { state in
            state.joining.subtract(joined)
            return joined.compactMap { state.subscribers[$0] }
        }
        for subscriber in subscribers { subscriber.yield(Event(name: "ready", data: [:])) }
    }

    /// What the feed saw in its last round: one fingerprint per job it watches.
    struct Seen {
        var fingerprints: [Int64: String] = [:]
        /// Jobs that may still change: not ended, or ended with hooks still to run.
        var unsettled: Set<Int64> = []
        var baseline = false

        mutating func check(_ service: JobService) async throws -> [Event] {
            let store = service.store
            var jobs: [Int64: JobRecord] = [:]
            for status in [JobStatus.pending, .running, .stopping] {
                for job in try await store.jobList(JobQuery(status: status, limit: ChangeFeed.activeLimit)).jobs {
                    jobs[job.number] = job
                }
            }
            for job in try await store.jobList(JobQuery(limit: ChangeFeed.newest)).jobs { jobs[job.number] = job }
            for number in unsettled where jobs[number] == nil {
                if let job = try await store.jobGet(number: number) { jobs[number] = job }
            }
            var events: [Event] = []
            var fingerprints: [Int64: String] = [:]
            var unsettled: Set<Int64> = []
            for (number, job) in jobs.sorted(by: { $0.key < $1.key }) {
                let fingerprint: String
                if let known = self.fingerprints[number], !self.unsettled.contains(number), job.status.isTerminal {
                    fingerprint = known
                } else if job.status == .pending {
                    // Nothing of a pending job changes but through the job itself (start, cancel).
                    fingerprint = "\(job.status.rawValue):\(job.updated)|"
                    unsettled.insert(number)
                } else {
                    let tasks = try await store.taskList(job: number)
                    fingerprint =
                        "\(job.status.rawValue):\(job.updated)|"
                        + tasks.map { "\($0.id):\($0.status.rawValue):\($0.attempt):\($0.updated)" }.joined(separator: ",")
                    if !service.isSettled(job, tasks: tasks) { unsettled.insert(number) }
                }
                if baseline && self.fingerprints[number] != fingerprint {
                    events.append(Event(name: "job", data: .object(WebShapes.job(job))))
                }
                fingerprints[number] = fingerprint
            }
            self.fingerprints = fingerprints
            self.unsettled = unsettled
            baseline = true
            return events
        }
    }
}
