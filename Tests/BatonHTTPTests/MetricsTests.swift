import BatonCore
import BatonHTTP
import BatonStore
import BatonTestSupport
import Foundation
import Testing

/// `GET /metrics`: the Prometheus families move as jobs run, and need credentials when auth is on.
@Suite struct MetricsTests {
    /// `name{labels} value` lines of a scrape, by series.
    private func scrape(_ server: TestServer, headers: [String: String] = [:]) async throws -> [String: Double] {
        let (status, _, data) = try await RawHTTP.request(
            method: "GET", port: server.port, path: "/metrics", headers: headers, body: nil)
        #expect(status == 200)
        var series: [String: Double] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            series[String(line[..<space])] = value
        }
        return series
    }

    @Test func countersMoveAsJobsRun() async throws {
        let server = try await TestServer.start()
        let before = try await scrape(server)
        #expect(before["baton_running_tasks"] == 0)
        #expect(before["baton_jobs_submitted_total{workflow=\"bench.CHAIN\"}"] == nil)

        for name in ["CHAIN", "ERROR"] {
            let created = try await server.request(
                "POST", "/api/workflows", body: #"{"project": "bench", "name": "\#(name)", "payload": {}}"#)
            #expect(created.status == 201)
            _ = try await server.waitForJob(created.body["id"]!.stringValue!) {
                ["success", "error"].contains($0["status"]?.stringValue)
            }
        }
        var after: [String: Double] = [:]
        try await eventually {
            after = try await scrape(server)
            return after["baton_jobs_ended_total{workflow=\"bench.ERROR\",status=\"failed\"}"] == 1
        }
        #expect(after["baton_jobs_submitted_total{workflow=\"bench.CHAIN\"}"] == 1)
        #expect(after["baton_jobs_submitted_total{workflow=\"bench.ERROR\"}"] == 1)
        #expect(after["baton_jobs_ended_total{workflow=\"bench.CHAIN\",status=\"success\"}"] == 1)
        // CHAIN: A, B, C; ERROR: A then ERR (no retries).
        #expect(after["baton_task_attempts_ended_total{kind=\"shell\",status=\"success\"}"] == 4)
        #expect(after["baton_task_attempts_ended_total{kind=\"shell\",status=\"failed\"}"] == 1)
        #expect(after["baton_task_duration_seconds_count{kind=\"shell\"}"] == 5)
        #expect(after["baton_task_dispatch_latency_seconds_count"] == 5)
        #expect((after["baton_store_commit_seconds_count"] ?? 0) >= 4)
        #expect(after["baton_running_tasks"] == 0)
        #expect(after["baton_http_requests_total{dialect=\"director\",status=\"201\"}"] == 2)
        #expect((after["baton_http_requests_total{dialect=\"metrics\",status=\"200\"}"] ?? 0) >= 1)
        await server.stop()
    }

    @Test func readyTasksAreCountedByQueue() async throws {
        let server = try await TestServer.start(workers: false)
        _ = try await server.request("POST", "/api/workflows", body: #"{"project": "bench", "name": "GROUP", "payload": {}}"#)
        // No workers: the first task waits, ready, in the default queue.
        #expect(try await scrape(server)["baton_ready_tasks{queue=\"default\"}"] == 1)
        await server.stop()
    }

    @Test func needsCredentialsWhenAuthIsOn() async throws {
        let server = try await TestServer.start(workers: false, auth: true)
        _ = try await server.home.store.userInsert(name: "root", passwordHash: Passwords.hash("123"), now: 0)
        let (status, headers, _) = try await RawHTTP.request(
            method: "GET", port: server.port, path: "/metrics", headers: [:], body: nil)
        #expect(status == 401)
        #expect(headers["www-authenticate"] != nil)
        let series = try await scrape(server, headers: ["Authorization": "Basic " + Data("root:123".utf8).base64EncodedString()])
        #expect(series["baton_running_tasks"] == 0)
        await server.stop()
    }
}
