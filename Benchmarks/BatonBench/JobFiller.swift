import Foundation
import GRDB

/// Fills a home's database with ended jobs straight through SQL, in big transactions: a
/// million jobs through the API would take longer than the whole benchmark. Each new job is
/// a copy of a template job that really ran (same columns, same three tasks), with fresh
/// UUIDs, so that every API can read it.
struct JobFiller {
    let path: String
    let template: Int64

    /// Uses the first bench.CHAIN job that succeeded as the template.
    init(path: String) throws {
        self.path = path
        let number = try DatabaseQueue(path: path).read { db in
            try Int64.fetchOne(db, sql: "SELECT MIN(number) FROM jobs WHERE workflow = 'bench.CHAIN' AND status = 2")
        }
        guard let number else { throw HTTPConnection.Failure(description: "no bench.CHAIN job succeeded to copy") }
        template = number
    }

    /// Adds jobs until the database holds `total`.
    func fill(to total: Int) throws {
        var configuration = Configuration()
        // The running server writes now and then (leases); wait for it rather than fail.
        configuration.busyMode = .timeout(30)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            // Setup, not measured: no fsync per batch.
            try db.execute(sql: "PRAGMA synchronous = OFF")
            let uuid = """
                lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a'
                      || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
                """
            while true {
                let have = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM jobs") ?? 0
                guard have < total else { break }
                let batch = min(50_000, total - have)
                try db.inTransaction {
                    let first = (try Int64.fetchOne(db, sql: "SELECT MAX(number) FROM jobs") ?? 0) + 1
                    try db.execute(
                        sql: """
                            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
                            INSERT INTO jobs (uuid, workflow, project, name, label, status, payload, input, comment, periodic,
                                              failure_hook, created, updated, started, ended)
                            SELECT \(uuid), workflow, project, name, label, status, payload, input, comment, periodic,
                                   failure_hook, created, updated, started, ended
                            FROM jobs, n WHERE number = ?
                            """, arguments: [batch, template])
                    try db.execute(
                        sql: """
                            INSERT INTO tasks (uuid, job, position, key, name, task, status, hook, parents, queue, body, attempt,
                                               failures, max_retries, retry_delay, run_after, created, updated, started, ended, result)
                            SELECT \(uuid), j.number, t.position, t.key, t.name, t.task, t.status, t.hook, t.parents, t.queue,
                                   t.body, t.attempt, t.failures, t.max_retries, t.retry_delay, t.run_after, t.created, t.updated,
                                   t.started, t.ended, t.result
                            FROM jobs j, tasks t WHERE j.number >= ? AND t.job = ? ORDER BY j.number, t.id
                            """, arguments: [first, template])
                    return .commit
                }
            }
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }

    /// Jobs in the database now.
    func count() throws -> Int {
        try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM jobs") ?? 0 }
    }
}
