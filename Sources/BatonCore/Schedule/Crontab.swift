import Foundation

/// A 5-field crontab expression (minute hour day-of-month month day-of-week), evaluated in UTC.
/// Fields take `*`, numbers, ranges `a-b`, steps `*/n` and `a-b/n`, and comma lists.
public struct Crontab: Sendable, Hashable, CustomStringConvertible {
    public let expression: String
    let minutes: Set<Int>
    let hours: Set<Int>
    let days: Set<Int>
    let months: Set<Int>
    let weekdays: Set<Int>
    /// Cron's rule: when both day fields are restricted, a day matches if either matches.
    let daysRestricted: Bool
    let weekdaysRestricted: Bool

    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    public init(_ expression: String) throws {
        let fields = expression.split(whereSeparator: \.isWhitespace).map(String.init)
        guard fields.count == 5 else {
            throw ParseError(description: "crontab '\(expression)' has \(fields.count) fields, expected 5 (minute hour day-of-month month day-of-week)")
        }
        self.expression = expression
        minutes = try Crontab.field(fields[0], name: "minute", range: 0...59)
        hours = try Crontab.field(fields[1], name: "hour", range: 0...23)
        days = try Crontab.field(fields[2], name: "day-of-month", range: 1...31)
        months = try Crontab.field(fields[3], name: "month", range: 1...12)
        // 7 is Sunday too.
        weekdays = Set(try Crontab.field(fields[4], name: "day-of-week", range: 0...7).map { $0 % 7 })
        daysRestricted = fields[2] != "*"
        weekdaysRestricted = fields[4] != "*"
    }

    public var description: String { expression }

    private static func field(_ text: String, name: String, range: ClosedRange<Int>) throws -> Set<Int> {
        var values = Set<Int>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2, !pieces[0].isEmpty else {
                throw ParseError(description: "crontab \(name) field '\(text)' is malformed")
            }
            var step = 1
            if pieces.count == 2 {
                guard let value = Int(pieces[1]), value > 0 else {
                    throw ParseError(description: "crontab \(name) field '\(text)' has a bad step '\(pieces[1])'")
                }
                step = value
            }
            var low = range.lowerBound
            var high = range.upperBound
            if pieces[0] != "*" {
                let bounds = pieces[0].split(separator: "-", omittingEmptySubsequences: false)
                guard bounds.count <= 2, let first = Int(bounds[0]), let last = Int(bounds.last!) else {
                    throw ParseError(description: "crontab \(name) field '\(text)' is malformed")
                }
                guard range.contains(first), range.contains(last), first <= last else {
                    throw ParseError(description: "crontab \(name) field '\(text)' is out of range \(range.lowerBound)-\(range.upperBound)")
                }
                low = first
                high = bounds.count == 2 || pieces.count == 2 ? last : first
                if bounds.count == 1 && pieces.count == 2 { high = range.upperBound }
            }
            values.formUnion(stride(from: low, through: high, by: step))
        }
        return values
    }

    /// The first matching minute strictly after `date`.
    public func next(after date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = (date.timeIntervalSince1970 / 60).rounded(.down) * 60 + 60
        var candidate = Date(timeIntervalSince1970: start)
        // Bounded: every expression that parses matches at least once in 8 years (Feb 29 included).
        for _ in 0..<(8 * 366 * 24 * 60) {
            let parts = calendar.dateComponents([.minute, .hour, .day, .month, .weekday], from: candidate)
            guard months.contains(parts.month!) else {
                candidate = calendar.date(byAdding: .day, value: 1, to: startOfDay(candidate, calendar))!
                continue
            }
            guard dayMatches(day: parts.day!, weekday: parts.weekday! - 1) else {
                candidate = calendar.date(byAdding: .day, value: 1, to: startOfDay(candidate, calendar))!
                continue
            }
            guard hours.contains(parts.hour!) else {
                candidate = candidate.addingTimeInterval(Double(60 - parts.minute!) * 60)
                continue
            }
            if minutes.contains(parts.minute!) { return candidate }
            candidate = candidate.addingTimeInterval(60)
        }
        return .distantFuture
    }

    private func dayMatches(day: Int, weekday: Int) -> Bool {
        switch (daysRestricted, weekdaysRestricted) {
        case (true, true): return days.contains(day) || weekdays.contains(weekday)
        case (true, false): return days.contains(day)
        case (false, true): return weekdays.contains(weekday)
        case (false, false): return true
        }
    }

    private func startOfDay(_ date: Date, _ calendar: Calendar) -> Date {
        calendar.startOfDay(for: date)
    }
}
