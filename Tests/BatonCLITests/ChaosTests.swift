import BatonCore
import Foundation
import Testing
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// SIGKILL the server while jobs run, restart it, and check that nothing accepted is lost:
/// every job answered 201 exists and succeeds, every task ran at least once, and no two
/// attempts of one task ran at the same time (what a killed attempt left running is stopped
/// before the task runs again). CI runs it small;
/// `CHAOS_JOBS=300 CHAOS_KILLS=5 swift test --filter ChaosTests` runs the issue's numbers.
@Suite struct ChaosTests {
    static let jobs = Int(ProcessInfo.processInfo.environment["CHAOS_JOBS"] ?? "") ?? 40
    static let kills = Int(ProcessInfo.processInfo.environment["CHAOS_KILLS"] ?? "") ?? 3

    private func post(port: Int) async -> String? {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/workflows")!)
        request.httpMethod = "POST"
        request.timeoutInterval = 5
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"{"project": "chaos", "name": "FLOW", "payload": {}}"#.utf8)
        guard let (data, response) = try? await URLSession.shared.data(for: request),
            (response as? HTTPURLResponse)?.statusCode == 201
        else { return nil }
        return (try? JSON.parse(data))?["id"]?.stringValue
    }

    @Test func killingTheServerLosesNothing() async throws {
        let home = temporaryFolder()
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try """
        chaos.FLOW:
          tasks:
            - STEP_A
            - GROUP:
                type: group
                tasks: [STEP_B, STEP_C]
            - STEP_D
        """.write(to: home.appendingPathComponent("workflows.yml"), atomically: true, encoding: .utf8)
        // The end is written by a subshell, which outlives its parent shell: if a killed attempt's
        // processes survived the restart, its end would come after the next attempt's start.
        // 0.3 s is longer than a restart takes, so such a survivor would be seen.
        let step =
            #"  shell: 'echo "start $BATON_JOB_ID $BATON_TASK_KEY $BATON_ATTEMPT $(date +%s%N)" >> ledger; (sleep 0.3; echo "end $BATON_JOB_ID $BATON_TASK_KEY $BATON_ATTEMPT $(date +%s%N)" >> ledger)'"#
        try ["STEP_A", "STEP_B", "STEP_C", "STEP_D"].map { "\($0):\n\(step)\n" }.joined()
            .write(to: home.appendingPathComponent("tasks.yml"), atomically: true, encoding: .utf8)
        // Leases long enough that an overloaded machine does not let them lapse while a task
        // runs: the restarts, not lease expiry, are what this test exercises.
        try "workers: 8\nlease_seconds: 15\ncancel_grace: 1\n"
            .write(to: home.appendingPathComponent("baton.yml"), atomically: true, encoding: .utf8)

        var accepted: [String] = []
        var server = try await BatonProcess.serve(home: home)
        for round in 0..<Self.kills {
            let count = Self.jobs / Self.kills + (round < Self.jobs % Self.kills ? 1 : 0)
            for _ in 0..<count {
                if let id = await post(port: server.port) { accepted.append(id) }
            }
            // Let some tasks start, then pull the plug in the middle of them.
            try await Task.sleep(for: .milliseconds(Int.random(in: 20...200)))
            server.kill()
            server = try await BatonProcess.serve(home: home)
        }
        #expect(accepted.count == Self.jobs, "every request was answered before the kill")

        let deadline = ContinuousClock.now + .seconds(120)
        var statuses: [String: String] = [:]
        while ContinuousClock.now < deadline {
            let list = try await CLI.run(["job", "list", "--home", home.path, "--limit", "10000"]).stdout
            statuses = Dictionary(
                list.split(separator: "\n").compactMap { line -> (String, String)? in
                    let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                    return fields.count >= 4 ? (String(fields[1]), String(fields[3])) : nil
                }, uniquingKeysWith: { first, _ in first })
            if accepted.allSatisfy({ statuses[$0] == "success" }) { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        let (status, _) = server.stop()
        #expect(status == 0)
        let lost = accepted.filter { statuses[$0] == nil }
        let unfinished = accepted.filter { statuses[$0] != nil && statuses[$0] != "success" }
        #expect(lost.isEmpty, "jobs lost: \(lost)")
        #expect(unfinished.isEmpty, "jobs not finished: \(unfinished.map { "\($0) \(statuses[$0]!)" })")

        let runs = try String(contentsOf: home.appendingPathComponent("ledger"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: " ") }
        var perTask: [String: Int] = [:]
        var intervals: [String: [Int: (start: Int, end: Int?)]] = [:]
        for run in runs where run.count == 5 {
            guard let attempt = Int(run[3]), let time = Int(run[4]) else { continue }
            let task = "\(run[1]) \(run[2])"
            if run[0] == "start" {
                perTask[task, default: 0] += 1
                intervals[task, default: [:]][attempt] = (time, nil)
            } else {
                intervals[task, default: [:]][attempt]?.end = time
            }
        }
        // An attempt whose end was written must have ended before any later attempt started.
        let overlapping = intervals.filter { _, attempts in
            attempts.contains { attempt, span in
                guard let end = span.end else { return false }
                return attempts.contains { other, next in other > attempt && next.start < end }
            }
        }.keys.sorted()
        #expect(overlapping.isEmpty, "attempts of one task overlapped: \(overlapping)")
        let missing = accepted.flatMap { id in ["STEP_A", "STEP_B", "STEP_C", "STEP_D"].map { "\(id) \($0)" } }
            .filter { perTask[$0] == nil }
        #expect(missing.isEmpty, "tasks that never ran: \(missing)")
        let duplicates = perTask.values.filter { $0 > 1 }.count
        print(
            "chaos: \(accepted.count) jobs, \(Self.kills) kills, \(perTask.count) tasks ran, \(duplicates) ran more than once (at-least-once)"
        )
    }
}
