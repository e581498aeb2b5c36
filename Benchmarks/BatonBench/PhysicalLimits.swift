#if canImport(Glibc)
    import Glibc
#endif
import Foundation
import GRDB
import Synchronization

/// What the machine allows, measured beside Baton in the same run.
enum PhysicalLimits {
    /// One-row transactions on a WAL database with synchronous=FULL, one at a time, for
    /// `seconds`: the disk's durable commit rate (each commit waits for its fsync).
    static func durableCommitsPerSecond(in parent: URL, seconds: Double) throws -> Double {
        let path = parent.appendingPathComponent("fsync-\(UUID().uuidString.prefix(8)).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
        }
        return try queue.writeWithoutTransaction { db in
            let insert = try db.makeStatement(sql: "INSERT INTO t (v) VALUES ('x')")
            let until = nowNanos() + UInt64(seconds * 1e9)
            let started = nowNanos()
            var count = 0
            while nowNanos() < until {
                try db.inTransaction {
                    try insert.execute()
                    return .commit
                }
                count += 1
            }
            return Double(count) / (Double(nowNanos() - started) / 1e9)
        }
    }

    /// `true` started with posix_spawnp and reaped, from `threads` threads at once, for `seconds`.
    static func spawnsPerSecond(threads: Int, seconds: Double) -> Double {
        let count = Atomic<Int>(0)
        let started = nowNanos()
        let until = started + UInt64(seconds * 1e9)
        onThreads(threads) { _ in
            let argv: [UnsafeMutablePointer<CChar>?] = [strdup("true"), nil]
            defer { free(argv[0]) }
            while nowNanos() < until {
                var pid: pid_t = 0
                guard posix_spawnp(&pid, "true", nil, nil, argv, environ) == 0 else { return }
                var status: Int32 = 0
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                count.add(1, ordering: .relaxed)
            }
        }
        return Double(count.load(ordering: .relaxed)) / (Double(nowNanos() - started) / 1e9)
    }
}
