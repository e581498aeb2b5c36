import BatonCore
import BatonStore
import Foundation
import PostgresNIO

extension PostgresStore {
    public func leaseRenew(worker: String, until: Int64, now: Int64) async throws -> [Int64] {
        let running = TaskStatus.running.rawValue
        return try await transaction { connection in
            // A row a transition holds is skipped rather than waited for (no lock-order deadlock);
            // the next renewal, a third of a lease later, extends it.
            try await connection.run("""
                UPDATE tasks SET lease_until = \(until) WHERE id IN (
                    SELECT id FROM tasks WHERE worker = \(worker) AND status = \(running) FOR UPDATE SKIP LOCKED)
                """)
            return try await connection.rows("""
                SELECT id FROM tasks WHERE worker = \(worker) AND status = \(running) AND cancel_requested ORDER BY id
                """).map { try $0("id", Int64.self) }
        }
    }

    public func leaseRescue(now: Int64) async throws -> Int {
        let expired: PostgresQuery = "SELECT id, job FROM tasks WHERE status = \(TaskStatus.running.rawValue) AND lease_until < \(now)"
        return try await requeue(now: now) { job in
            "SELECT id FROM tasks WHERE job = \(job) AND status = \(TaskStatus.running.rawValue) AND lease_until < \(now)"
        } candidates: { expired }
    }

    public func leaseHolders() async throws -> [String] {
        try await read { connection in
            try await connection.rows("""
                SELECT DISTINCT worker FROM tasks WHERE status = \(TaskStatus.running.rawValue) AND worker IS NOT NULL
                """).map { try $0("worker", String.self) }
        }
    }

    public func leaseRelease(worker: String, now: Int64) async throws -> Int {
        try await requeue(now: now) { job in
            "SELECT id FROM tasks WHERE job = \(job) AND status = \(TaskStatus.running.rawValue) AND worker = \(worker)"
        } candidates: {
            "SELECT id, job FROM tasks WHERE status = \(TaskStatus.running.rawValue) AND worker = \(worker)"
        }
    }

    /// Running tasks whose worker is gone run again. The candidates are read without locks; each
    /// job's are read again under its lock (`held`), since their worker may have finished meanwhile.
    private func requeue(now: Int64, held: @Sendable (Int64) -> PostgresQuery,
                         candidates: @Sendable () -> PostgresQuery) async throws -> Int {
        try await transaction { connection in
            let jobs = Set(try await connection.rows(candidates()).map { try $0("job", Int64.self) })
            var count = 0
            for job in jobs.sorted() {
                try await connection.run("SELECT 1 FROM jobs WHERE number = \(job) FOR UPDATE")
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
        try await read { connection in
            let ready = TaskStatus.ready.rawValue
            let row = if let queues {
                try await connection.row("SELECT min(run_after) AS next FROM tasks WHERE status = \(ready) AND queue = ANY(\(queues))")
            } else {
                try await connection.row("SELECT min(run_after) AS next FROM tasks WHERE status = \(ready)")
            }
            return try row?("next", Int64?.self)
        }
    }

    public func secretGetOrCreate(name: String, candidate: Data) async throws -> Data {
        let text = try await transaction { connection in
            try await connection.run("""
                INSERT INTO secrets (name, value) VALUES (\(name), \(candidate.base64EncodedString())) ON CONFLICT (name) DO NOTHING
                """)
            return try await connection.row("SELECT value FROM secrets WHERE name = \(name)")?("value", String.self)
        }
        guard let text, let value = Data(base64Encoded: text) else { throw StoreError.corrupt("secret \(name)") }
        return value
    }

    public func leaderAcquire(role: String, holder: String, until: Int64, now: Int64) async throws -> Bool {
        try await read { connection in
            try await connection.row("""
                INSERT INTO leaders (role, holder, until) VALUES (\(role), \(holder), \(until))
                ON CONFLICT (role) DO UPDATE SET holder = excluded.holder, until = excluded.until
                WHERE leaders.holder = excluded.holder OR leaders.until < \(now)
                RETURNING role
                """) != nil
        }
    }
}
