import BatonCore
@testable import BatonHTTP
import Testing

/// How each dialect names Baton's states (docs/director-api.md, docs/explorer-api.md).
@Suite struct StatusNameTests {
    @Test func directorNamesEveryState() {
        #expect(JobStatus.allCases.map(\.directorName) == ["pending", "progress", "success", "error", "canceled", "canceled"])
        // pending, ready, running, waiting, success, failed, canceled, skipped
        #expect(
            TaskStatus.allCases.map(\.directorName) == [
                "pending", "pending", "progress", "progress", "success", "error", "canceled", "skipped",
            ])
    }

    @Test func explorerNumbersEveryState() {
        #expect(JobStatus.allCases.map(\.code) == [0, 1, 2, 3, 4, 5])
        #expect(TaskStatus.allCases.map(\.code) == [0, 0, 1, 1, 2, 3, 4, 2])
    }
}
