import Foundation
import Synchronization

/// Client-side measurements of any server that speaks Director's `/api`: Baton, a bare
/// Hummingbird endpoint, or Celery Director itself — the same code for all of them.
struct HTTPBench {
    let base: String
    /// Extra headers on every request (an Explorer token cookie).
    var headers: [(String, String)] = []

    struct Load: Codable {
        var clients: Int
        var requests: Int
        var errors: Int
        var seconds: Double
        var requestsPerSecond: Double
        var latency: Latency
    }

    static let terminal: Set<String> = ["success", "error", "canceled"]

    private func connection() throws -> HTTPConnection { try HTTPConnection(base: base) }

    /// `clients` keep-alive clients, each sending `perClient` POST /api/workflows back to back.
    /// Returns the job ids too, so that callers can wait for them.
    func post(workflow: String, clients: Int, perClient: Int) throws -> (Load, [String]) {
        let body = try Self.submission(workflow)
        return try load(clients: clients) { connection, _ in
            guard perClient > 0 else { return nil }
            return { index in
                guard index < perClient else { return nil }
                return try submit(connection, body)
            }
        }
    }

    /// The POST /api/workflows body that starts `workflow` (`project.name`) with no payload.
    private static func submission(_ workflow: String) throws -> [UInt8] {
        let parts = workflow.split(separator: ".", maxSplits: 1).map(String.init)
        return Array(try JSONSerialization.data(withJSONObject: ["project": parts[0], "name": parts[1], "payload": [:]]))
    }

    /// POST /api/workflows; returns the new job's id.
    private func submit(_ connection: HTTPConnection, _ body: [UInt8]) throws -> String {
        let response = try connection.request("POST", "/api/workflows", body: body, headers: headers)
        guard response.status == 201, let id = (response.json as? [String: Any])?["id"] as? String else {
            throw HTTPConnection.Failure(description: "POST answered \(response.status): \(response.text.prefix(200))")
        }
        return id
    }

    /// `clients` keep-alive clients sending GET `path` for `seconds`.
    func get(_ path: String, clients: Int, seconds: Double) throws -> Load {
        let until = nowNanos() + UInt64(seconds * 1e9)
        return try load(clients: clients) { connection, _ in
            { _ in nowNanos() < until ? try fetch(connection, path) : nil }
        }.0
    }

    /// `count` sequential GET `path` on one connection.
    func get(_ path: String, count: Int) throws -> Load {
        try load(clients: 1) { connection, _ in
            { index in index < count ? try fetch(connection, path) : nil }
        }.0
    }

    /// GET `path`, which must answer 200; returns "" (no id) for `load`.
    private func fetch(_ connection: HTTPConnection, _ path: String) throws -> String {
        let response = try connection.request("GET", path, headers: headers)
        guard response.status == 200 else { throw HTTPConnection.Failure(description: "GET \(path) answered \(response.status)") }
        return ""
    }

    /// Runs a request loop per client thread: `make` gives each client its step function, which
    /// returns nil when that client is done. Each step is timed.
    private func load(
        clients: Int, _ make: @escaping @Sendable (HTTPConnection, Int) throws -> ((Int) throws -> String?)?
    )
        throws -> (Load, [String])
    {
        let results = Mutex((latencies: [UInt64](), ids: [String](), errors: 0, firstError: String?.none))
        let begun = nowNanos()
        onThreads(clients) { client in
            var latencies: [UInt64] = []
            var ids: [String] = []
            var errors = 0
            var firstError: String?
            do {
                let connection = try connection()
                if let step = try make(connection, client) {
                    var index = 0
                    while true {
                        let started = nowNanos()
                        do {
                            guard let id = try step(index) else { break }
                            latencies.append(nowNanos() - started)
                            if !id.isEmpty { ids.append(id) }
                        } catch {
                            errors += 1
                            firstError = firstError ?? "\(error)"
                            connection.close()
                            if errors > 100 { break }
                        }
                        index += 1
                    }
                }
            } catch {
                errors += 1
                firstError = "\(error)"
            }
            results.withLock {
                $0.latencies += latencies
                $0.ids += ids
                $0.errors += errors
                if $0.firstError == nil { $0.firstError = firstError }
            }
        }
        let seconds = Double(nowNanos() - begun) / 1e9
        let all = results.withLock { $0 }
        if let first = all.firstError { log("\(all.errors) error(s) against \(base), the first: \(first)") }
        return (
            Load(
                clients: clients, requests: all.latencies.count, errors: all.errors, seconds: seconds,
                requestsPerSecond: Double(all.latencies.count) / seconds, latency: Latency(nanos: all.latencies)), all.ids
        )
    }

    /// Submit → `success` seen by polling GET /api/workflows/<id> every `pollMicros`, one job at a time.
    func endToEnd(workflow: String, count: Int, pollMicros: UInt32) throws -> Latency {
        let body = try Self.submission(workflow)
        let connection = try connection()
        var latencies: [UInt64] = []
        for _ in 0..<count {
            let started = nowNanos()
            let id = try submit(connection, body)
            let deadline = started + 60_000_000_000
            while nowNanos() < deadline {
                let status = try self.status(connection, id)
                if status == "success" {
                    latencies.append(nowNanos() - started)
                    break
                }
                if Self.terminal.contains(status) { throw HTTPConnection.Failure(description: "job \(id) ended \(status)") }
                usleep(pollMicros)
            }
        }
        return Latency(nanos: latencies)
    }

    private func status(_ connection: HTTPConnection, _ id: String) throws -> String {
        let response = try connection.request("GET", "/api/workflows/\(id)", headers: headers)
        guard response.status == 200, let status = (response.json as? [String: Any])?["status"] as? String else {
            throw HTTPConnection.Failure(description: "GET /api/workflows/\(id) answered \(response.status)")
        }
        return status
    }

    /// Waits until every job in `ids` has ended, checking them in order; returns how many succeeded.
    func drain(_ ids: [String], pollMicros: UInt32 = 5000, timeout: Double = 900) throws -> Int {
        let connection = try connection()
        let deadline = nowNanos() + UInt64(timeout * 1e9)
        var succeeded = 0
        var index = 0
        while index < ids.count && nowNanos() < deadline {
            let status = try self.status(connection, ids[index])
            if Self.terminal.contains(status) {
                if status == "success" { succeeded += 1 }
                index += 1
            } else {
                usleep(pollMicros)
            }
        }
        return succeeded
    }

    struct Throughput: Codable {
        var jobs: Int
        var succeeded: Int
        var seconds: Double
        var jobsPerSecond: Double
        var tasksPerSecond: Double
    }

    /// `jobs` chains submitted by `clients` clients at once; the clock stops when the last has ended.
    func throughput(workflow: String, tasksPerJob: Int, jobs: Int, clients: Int) throws -> Throughput {
        let started = nowNanos()
        let perClient = (jobs + clients - 1) / clients
        let (_, ids) = try post(workflow: workflow, clients: clients, perClient: perClient)
        let succeeded = try drain(ids)
        let seconds = Double(nowNanos() - started) / 1e9
        return Throughput(
            jobs: ids.count, succeeded: succeeded, seconds: seconds,
            jobsPerSecond: Double(ids.count) / seconds, tasksPerSecond: Double(ids.count * tasksPerJob) / seconds)
    }
}
