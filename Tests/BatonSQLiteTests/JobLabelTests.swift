import BatonStore
import Testing

@Suite struct JobLabelTests {
    @Test func workflowAndCreationSecondInUTC() {
        #expect(JobLabel.make(workflow: "w", createdMillis: 1657874210088) == "w_20220715083650")
    }
}
