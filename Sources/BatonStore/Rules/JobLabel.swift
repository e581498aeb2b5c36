import BatonCore
import Foundation

/// A job's display name as Explorer shows it: `<workflowName>_<yyyyMMddHHmmss>` of its creation
/// time, UTC. Stores keep it in the `label` column, which Explorer's and the page's name filter
/// searches (`JobQuery.nameContains`).
public enum JobLabel {
    public static func make(workflow: String, createdMillis: Int64) -> String {
        let stamp = UTCText.dateTime(UTCText.fields(createdMillis), date: "", between: "", time: "")
        return "\(workflow)_\(stamp)"
    }
}
