import Foundation

/// A job's display name as Explorer shows it: `<workflowName>_<yyyyMMddHHmmss>` of its creation time, UTC.
public enum JobLabel {
    public static func make(workflow: String, createdMillis: Int64) -> String {
        let f = UTCText.fields(createdMillis)
        let stamp = UTCText.digits(f.year, 4) + UTCText.digits(f.month, 2) + UTCText.digits(f.day, 2)
            + UTCText.digits(f.hour, 2) + UTCText.digits(f.minute, 2) + UTCText.digits(f.second, 2)
        return "\(workflow)_\(stamp)"
    }
}
