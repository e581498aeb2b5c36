import BatonCore
import BatonStore
import PostgresNIO

/// Counts for the web page's charts.
extension PostgresStore {
    public func jobCountsByStatus(from: Int64, width: Int64, buckets: Int) async throws -> [[JobStatus: Int]] {
        precondition(width > 0 && buckets > 0, "width and buckets must be positive")
        let to = from + width * Int64(buckets)
        // Grouped in the database over jobs_by_created: at most buckets × statuses rows come back.
        let rows = try await withConnection { connection in
            try await connection.rows(
                """
                SELECT (created - \(from)) / \(width) AS bucket, status, count(*) AS n FROM jobs
                WHERE created >= \(from) AND created < \(to) GROUP BY bucket, status
                """)
        }
        var counts = [[JobStatus: Int]](repeating: [:], count: buckets)
        for row in rows {
            guard let status = JobStatus(rawValue: try row("status", Int.self)) else { throw StoreError.corrupt("job status") }
            counts[Int(try row("bucket", Int64.self))][status] = Int(try row("n", Int64.self))
        }
        return counts
    }
}
