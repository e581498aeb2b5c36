import BatonCore
import BatonEngine
import BatonStore
import Hummingbird

/// The jobs page's counts and chart: the jobs created in the last 24 hours, by status, hour by hour.
extension WebAPI {
    static let countBuckets = 24
    static let countBucketMillis: Int64 = 3_600_000

    /// `GET /ui/job-counts`:
    /// `{"from": ms, "to": ms, "bucketMillis": 3600000, "statuses": [name...], "totals": {name: n},
    /// "buckets": [{"start": ms, "counts": {name: n}}]}`, times in epoch ms. The 24 buckets are
    /// whole hours (so bars stay put from one reload to the next), the last one the hour now
    /// running, so `to` is the end of this hour. Every status is in every `counts` and in
    /// `totals`, zero or not, in `statuses`' order (the order bars stack in).
    func jobCounts() async throws -> Response {
        let width = Self.countBucketMillis
        let from = (service.clock.now / width - Int64(Self.countBuckets - 1)) * width
        let buckets = try await service.store.jobCountsByStatus(from: from, width: width, buckets: Self.countBuckets)
        let statuses = JobStatus.allCases
        func shape(_ counts: [JobStatus: Int]) -> JSON {
            .object(Dictionary(uniqueKeysWithValues: statuses.map { ($0.name, .int(counts[$0] ?? 0)) }))
        }
        let totals = buckets.reduce(into: [JobStatus: Int]()) { totals, bucket in totals.merge(bucket, uniquingKeysWith: +) }
        return .json([
            "from": .int(Int(from)), "to": .int(Int(from + width * Int64(Self.countBuckets))), "bucketMillis": .int(Int(width)),
            "statuses": .array(statuses.map { .string($0.name) }),
            "totals": shape(totals),
            "buckets": .array(
                buckets.enumerated().map { index, counts -> JSON in
                    ["start": .int(Int(from + width * Int64(index))), "counts": shape(counts)]
                }),
        ])
    }
}
