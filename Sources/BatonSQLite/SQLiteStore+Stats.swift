import BatonCore
import BatonStore
import GRDB

/// Counts for the web page's charts.
extension SQLiteStore {
    public func jobCountsByStatus(from: Int64, width: Int64, buckets: Int) async throws -> [[JobStatus: Int]] {
        precondition(width > 0 && buckets > 0, "width and buckets must be positive")
        let to = from + width * Int64(buckets)
        // Grouped in the database over jobs_by_created: at most buckets × statuses rows come back.
        let rows = try await pool.read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT (created - ?) / ? AS bucket, status, count(*) AS n FROM jobs
                        WHERE created >= ? AND created < ? GROUP BY bucket, status
                        """), arguments: [from, width, from, to])
        }
        var counts = [[JobStatus: Int]](repeating: [:], count: buckets)
        for row in rows {
            guard let status = JobStatus(rawValue: row["status"]) else { throw StoreError.corrupt("job status") }
            counts[row["bucket"] as Int][status] = row["n"] as Int
        }
        return counts
    }
}
