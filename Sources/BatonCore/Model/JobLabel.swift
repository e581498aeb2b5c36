import Foundation

/// A job's display name as Explorer shows it: `<workflowName>_<yyyyMMddHHmmss>` of its creation time, UTC.
public enum JobLabel {
    public static func make(workflow: String, createdMillis: Int64) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = Date(timeIntervalSince1970: Double(createdMillis) / 1000)
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let stamp = String(format: "%04d%02d%02d%02d%02d%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
        return "\(workflow)_\(stamp)"
    }
}
