import BatonCore
import BatonStore
import Foundation
import PostgresNIO

extension PostgresStore {
    public func leaseRenew(worker: String, tasks: [Int64], until: Int64, now: Int64) async throws -> [Int64] {
        guard !tasks.isEmpty else { return [] }
        let running = TaskStatus.running.rawValue
        return try await transaction { connection in
            // A row a transition holds is skipped rather than waited for (no lock-order deadlock);
            // the next renewal, a third of a lease later, extends it.
            try await connection.run("""
                UPDATE tasks SET lease_until = \(until) WHERE id IN (
                    SELECT id FROM tasks WHERE id = ANY(\(tasks)) AND worker = \(worker) AND status = \(running)
                    FOR UPDATE SKIP LOCKED)
                """)
            return try await connection.rows("""
                SELECT id FROM tasks WHERE id = ANY(\(tasks)) AND worker = \(worker) AND status = \(running) AND cancel_requested
                ORDER BY id
                """).map { try $0("id", Int64.self) }
        }
    }

    public func leaseRescue(now: Int64) async throws -> Int {
        let running = TaskStatus.running.rawValue
        return try await requeue(
            now: now, candidates: "SELECT job FROM tasks WHERE status = \(running) AND lease_until < \(now)",
            held: { job in "SELECT id FROM tasks WHERE job = \(job) AND status = \(running) AND lease_until < \(now)" })
    }

    public func leaseHolders() async throws -> [String] {
        try await withConnection { connection in
            try await connection.rows("""
                SELECT DISTINCT worker FROM tasks WHERE status = \(TaskStatus.running.rawValue) AND worker IS NOT NULL
                """).map { try $0("worker", String.self) }
        }
    }

    public func leaseRelease(worker: String, now: Int64) async throws -> Int {
        let running = TaskStatus.running.rawValue
        return try await requeue(
            now: now, candidates: "SELECT job FROM tasks WHERE status = \(running) AND worker = \(worker)",
            held: { job in "SELECT id FROM tasks WHERE job = \(job) AND status = \(running) AND worker = \(worker)" })
    }

    /// Running tasks whose worker is gone run again. The jobs of `candidates` are read without
    /// locks; each job's tasks are read again under its lock (`held`), since their worker may
    /// have finished meanwhile.
    private func requeue(now: Int64, candidates: PostgresQuery,
                         held: (Int64) -> PostgresQuery) async throws -> Int {
        try await transaction { connection in
            let jobs = Set(try await connection.rows(candidates).map { try $0("job", Int64.self) })
            var count = 0
            for job in jobs.sorted() {
                try await Self.lockJob(connection, job)
                let ids = try await connection.rows(held(job)).map { try $0("id", Int64.self) }
                guard !ids.isEmpty else { continue }
                try await Self.transition(connection, job: job, now: now) { machine in
                    for id in ids { try machine.lost(id) }
                }
                count += ids.count
            }
            return count
        }
    }

    public func taskNextRunAfter(queues: [String]?) async throws -> Int64? {
        try await withConnection { connection in
            let ready = TaskStatus.ready.rawValue
            let row = if let queues {
                try await connection.row("SELECT min(run_after) AS next FROM tasks WHERE status = \(ready) AND queue = ANY(\(queues))")
            } else {
                try await connection.row("SELECT min(run_after) AS next FROM tasks WHERE status = \(ready)")
            }
            return try row?("next", Int64?.self)
        }
    }

    public func taskReadyCounts() async throws -> [String: Int] {
        try await withConnection { connection in
            let rows = try await connection.rows(
                "SELECT queue, count(*) AS n FROM tasks WHERE status = \(TaskStatus.ready.rawValue) GROUP BY queue")
            return Dictionary(uniqueKeysWithValues: try rows.map { (try $0("queue", String.self), Int(try $0("n", Int64.self))) })
        }
    }

    public func leaderAcquire(role: String, holder: String, until: Int64, now: Int64) async throws -> Bool {
        try await withConnection { connection in
            try await connection.row("""
                INSERT INTO leaders (role, holder, until) VALUES (\(role), \(holder), \(until))
                ON CONFLICT (role) DO UPDATE SET holder = excluded.holder, until = excluded.until
                WHERE leaders.holder = excluded.holder OR leaders.until < \(now)
                RETURNING role
                """) != nil
        }
    }
}
