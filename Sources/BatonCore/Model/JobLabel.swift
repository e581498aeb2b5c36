import Foundation

/// A job's display name as Explorer shows it: `<workflowName>_<yyyyMMddHHmmss>` of its creation time, UTC.
public enum JobLabel {
    /// gmtime_r and plain digits: a Calendar and String(format:) per job cost more than storing the job.
    public static func make(workflow: String, createdMillis: Int64) -> String {
        var seconds = time_t(createdMillis >= 0 ? createdMillis / 1000 : (createdMillis - 999) / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func digits(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        }
        let stamp = digits(parts.tm_year + 1900, 4) + digits(parts.tm_mon + 1, 2) + digits(parts.tm_mday, 2)
            + digits(parts.tm_hour, 2) + digits(parts.tm_min, 2) + digits(parts.tm_sec, 2)
        return "\(workflow)_\(stamp)"
    }
}
