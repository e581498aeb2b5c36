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
            try await connection.run(
                """
                UPDATE tasks SET lease_until = \(until) WHERE id IN (
                    SELECT id FROM tasks WHERE id = ANY(\(tasks)) AND worker = \(worker) AND status = \(running)
                    FOR UPDATE SKIP LOCKED)
                """)
            return try await connection.rows(
                """
                SELECT id FROM tasks WHERE id = ANY(\(tasks)) AND worker = \(worker) AND status = \(running) AND cancel_requested
                ORDER BY id
                """
            ).map { try $0("id", Int64.self) }
        }
    }

    public func leaseRescue(now: Int64) async throws -> Int {
        try await requeue(
            now: now,
            candidates: "SELECT DISTINCT job FROM tasks WHERE status = \(TaskStatus.running.rawValue) AND lease_until < \(now)",
            held: { ($0.leaseUntil ?? now) < now })
    }

    public func leaseHolders() async throws -> [String] {
        try await withConnection { connection in
            try await connection.rows(
                """
                SELECT DISTINCT worker FROM tasks WHERE status = \(TaskStatus.running.rawValue) AND worker IS NOT NULL
                """
            ).map { try $0("worker", String.self) }
        }
    }

    public func leaseRelease(worker: String, now: Int64) async throws -> Int {
        try await requeue(
            now: now,
            candidates: "SELECT DISTINCT job FROM tasks WHERE status = \(TaskStatus.running.rawValue) AND worker = \(worker)",
            held: { $0.worker == worker })
    }

    /// Running tasks whose worker is gone run again. The jobs of `candidates` are read without
    /// locks, then locked together; their tasks are read again under the locks and `held` picks
    /// the running ones still to hand back, since their worker may have finished meanwhile.
    private func requeue(now: Int64, candidates: PostgresQuery, held: (StoredTask) -> Bool) async throws -> Int {
        try await transaction { connection in
            let jobs = try await connection.rows(candidates).map { try $0("job", Int64.self) }.sorted()
            let locked = try await Self.lockJobs(connection, jobs)
            let stored = try await Self.tasks(connection, jobs: locked.keys.sorted())
            var writes: [(job: Int64, writes: TransitionWrites)] = []
            var moved: [(job: Int64, locked: LockedJob, changes: JobChanges)] = []
            var count = 0
            for (number, job) in locked.sorted(by: { $0.key < $1.key }) {
                let tasks = stored[number] ?? []
                let ids = tasks.filter { $0.snapshot.status == .running && held($0) }.map(\.snapshot.id)
                guard !ids.isEmpty else { continue }
                var machine = Self.machine(number, job, tasks)
                for id in ids { try machine.lost(id) }
                let changes = machine.changes
                writes.append((number, TransitionWrites(changes, now: now)))
                moved.append((number, job, changes))
                count += ids.count
            }
            try await Self.apply(connection, writes, now: now)
            // A cancelled child job whose last task was lost ends here: its step must hear of it.
            try await Self.followUp(connection, moved, now: now)
            return count
        }
    }

    public func taskNextRunAfter(queues: [String]?) async throws -> Int64? {
        try await withConnection { connection in
            let ready = TaskStatus.ready.rawValue
            let row =
                if let queues {
                    try await connection.row(
                        "SELECT min(run_after) AS next FROM tasks WHERE status = \(ready) AND queue = ANY(\(queues))")
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
            try await connection.row(
                """
                INSERT INTO leaders (role, holder, until) VALUES (\(role), \(holder), \(until))
                ON CONFLICT (role) DO UPDATE SET holder = excluded.holder, until = excluded.until
                WHERE leaders.holder = excluded.holder OR leaders.until < \(now)
                RETURNING role
                """) != nil
        }
    }
}
