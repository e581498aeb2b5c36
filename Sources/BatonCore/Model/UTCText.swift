import Foundation

/// UTC calendar fields of an epoch-milliseconds time, and zero-padded digits: what the API
/// shapes and job labels print. gmtime_r and plain digits, because a Calendar and
/// String(format:) per timestamp cost more than the rest of a request.
public enum UTCText {
    public struct Fields: Sendable {
        public var year, month, day, hour, minute, second, millisecond: Int
    }

    public static func fields(_ millis: Int64) -> Fields {
        let (seconds, millisecond) = floorDivision(millis, 1000)
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return Fields(
            year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday),
            hour: Int(parts.tm_hour), minute: Int(parts.tm_min), second: Int(parts.tm_sec),
            millisecond: Int(millisecond))
    }

    /// `yyyy-MM-dd'T'HH:mm:ss` of `f`, or with other separators (empty ones: `yyyyMMddHHmmss`).
    public static func dateTime(_ f: Fields, date: String = "-", between: String = "T", time: String = ":") -> String {
        digits(f.year, 4) + date + digits(f.month, 2) + date + digits(f.day, 2) + between
            + digits(f.hour, 2) + time + digits(f.minute, 2) + time + digits(f.second, 2)
    }

    /// `value` in decimal, left-padded with zeros to `width`.
    public static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}
