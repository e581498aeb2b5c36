import BatonCore
import BatonStore
import Foundation
import PostgresNIO

extension PostgresStore {
    public func jobRerun(number: Int64, from key: String, now: Int64) async throws -> JobRecord? {
        try await transaction { connection in
            guard try await Self.job(connection, number: number) != nil else { return nil }
            var keys: [Int64: String] = [:]
            var step: Int64?
            for row in try await connection.rows("SELECT id, key, hook FROM tasks WHERE job = \(number) ORDER BY id") {
                let id: Int64 = try row("id")
                let taskKey: String = try row("key")
                keys[id] = taskKey
                // A step's key before a hook's of the same name: the step is what a user means.
                if taskKey == key, try step == nil || row("hook", Int?.self) == nil { step = id }
            }
            guard let step else { throw RerunError.unknownStep(job: number, step: key) }
            let changes: JobChanges
            do {
                changes = try await Self.transition(connection, job: number, now: now) { try $0.rerun(from: step) }.changes
            } catch let refusal as JobMachine.RerunRefusal {
                throw RerunError(refusal, job: number, step: key, keys: keys)
            }
            try await Self.apply(connection, RerunWrites(changes), job: number, now: now)
            guard let job = try await Self.job(connection, number: number) else {
                throw StoreError.corrupt("job \(number) vanished")
            }
            return job
        }
    }

    /// Clears what the earlier run of the reset tasks and the job's end left (`RerunWrites`).
    static func apply(_ connection: PostgresConnection, _ writes: RerunWrites, job number: Int64, now: Int64) async throws {
        if !writes.clearedTasks.isEmpty {
            try await connection.run(
                """
                UPDATE tasks SET result = NULL, error = NULL, started = NULL, ended = NULL, worker = NULL,
                    lease_until = NULL, updated = \(now)
                WHERE id = ANY(\(writes.clearedTasks))
                """)
            try await connection.run("DELETE FROM task_rows WHERE task = ANY(\(writes.clearedTasks))")
        }
        if writes.clearsJobEnd {
            try await connection.run("UPDATE jobs SET ended = NULL, updated = \(now) WHERE number = \(number)")
        }
    }
}
