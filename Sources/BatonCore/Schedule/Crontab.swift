import Foundation

/// A 5-field crontab expression (minute hour day-of-month month day-of-week), evaluated in UTC,
/// in Celery's grammar and meaning, because Director hands its `periodic.crontab` to Celery
/// (`celery.schedules.crontab_parser`): `*`, numbers, ranges `a-b` (wrapping when `b < a`, so
/// `fri-mon` works), steps `*/n`, `a-b/n` and `a/n`, comma lists, day names (`sun`…`sat`, or any
/// name whose first three letters are one of those) and month names (`jan`…`dec`), any case.
///
/// Unlike Unix cron, a time matches only when *every* field matches: when both day fields are
/// restricted, a day must match both (Celery), not either (Vixie cron). An expression that can
/// never match (`0 0 31 2 *`) is refused when parsed.
public struct Crontab: Sendable, Hashable, CustomStringConvertible {
    public let expression: String
    /// Each field's values, ascending.
    let minutes: [Int]
    let hours: [Int]
    let days: [Int]
    let months: [Int]
    /// 0 is Sunday.
    let weekdays: Set<Int>

    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    public init(_ expression: String) throws {
        let fields = expression.split(whereSeparator: \.isWhitespace).map(String.init)
        guard fields.count == 5 else {
            throw ParseError(
                description:
                    "crontab '\(expression)' has \(fields.count) fields, expected 5 (minute hour day-of-month month day-of-week)")
        }
        self.expression = expression
        minutes = try Crontab.field(fields[0], name: "minute", range: 0...59, names: [])
        hours = try Crontab.field(fields[1], name: "hour", range: 0...23, names: [])
        days = try Crontab.field(fields[2], name: "day-of-month", range: 1...31, names: [])
        months = try Crontab.field(fields[3], name: "month", range: 1...12, names: Crontab.monthNames)
        // 7 is Sunday too, as in Unix cron.
        weekdays = Set(try Crontab.field(fields[4], name: "day-of-week", range: 0...7, names: Crontab.dayNames).map { $0 % 7 })
        // Every valid date of the 400-year Gregorian cycle falls on every weekday, so the
        // expression can fire iff some chosen day exists in some chosen month.
        guard months.contains(where: { month in days.contains { $0 <= CivilDate.maxDays(month: month) } }) else {
            throw ParseError(
                description: "crontab '\(expression)' can never fire: no chosen month has the chosen day of the month")
        }
    }

    public var description: String { expression }

    private static func field(_ text: String, name: String, range: ClosedRange<Int>, names: [String]) throws -> [Int] {
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
            var chosen: [Int]
            if pieces[0] == "*" {
                chosen = Array(range)
            } else {
                let bounds = pieces[0].split(separator: "-", omittingEmptySubsequences: false)
                guard bounds.count <= 2 else { throw ParseError(description: "crontab \(name) field '\(text)' is malformed") }
                let first = try value(bounds[0], field: text, name: name, range: range, names: names)
                if bounds.count == 2 {
                    let last = try value(bounds[1], field: text, name: name, range: range, names: names)
                    // Celery wraps a backwards range around the field's end: fri-mon.
                    chosen =
                        first <= last ? Array(first...last) : Array(first...range.upperBound) + Array(range.lowerBound...last)
                } else {
                    // `a/n` runs from a to the field's end, as in Vixie cron and Celery.
                    chosen = pieces.count == 2 ? Array(first...range.upperBound) : [first]
                }
            }
            values.formUnion(stride(from: 0, to: chosen.count, by: step).map { chosen[$0] })
        }
        return values.sorted()
    }

    private static func value(
        _ token: Substring, field text: String, name: String, range: ClosedRange<Int>,
        names: [String]
    ) throws -> Int {
        if let number = Int(token) {
            guard range.contains(number) else {
                throw ParseError(
                    description: "crontab \(name) field '\(text)' is out of range \(range.lowerBound)-\(range.upperBound)")
            }
            return number
        }
        let prefix = token.prefix(3).lowercased()
        if token.count >= 3, token.allSatisfy(\.isLetter), let index = names.firstIndex(of: prefix) {
            return range.lowerBound + index
        }
        throw ParseError(
            description:
                "crontab \(name) field '\(text)' is malformed ('\(token)' is not a number\(names.isEmpty ? "" : " or a name"))")
    }

    /// The first matching minute strictly after `date`: found by jumping month by month and day by
    /// day over the chosen values only, so it takes microseconds. Bounded by one 400-year cycle
    /// plus a year, in which every expression that parses fires.
    public func next(after date: Date) -> Date {
        let startMinute = Int64((date.timeIntervalSince1970 / 60).rounded(.down)) + 1
        let startDay = Int(startMinute.floorDivided(by: 1440))
        let start = CivilDate(daysSinceEpoch: startDay)
        let minuteOfDay = Int(startMinute - Int64(startDay) * 1440)
        for year in start.year...(start.year + 401) {
            for month in months where (year, month) >= (start.year, start.month) {
                let sameMonth = (year, month) == (start.year, start.month)
                for day in days where day <= CivilDate.days(year: year, month: month) && (!sameMonth || day >= start.day) {
                    let civil = CivilDate(year: year, month: month, day: day)
                    guard weekdays.contains(civil.weekday) else { continue }
                    let firstMinute = sameMonth && day == start.day ? minuteOfDay : 0
                    guard let time = firstTime(from: firstMinute) else { continue }
                    return Date(timeIntervalSince1970: Double(Int64(civil.daysSinceEpoch) * 86_400 + Int64(time) * 60))
                }
            }
        }
        return .distantFuture
    }

    /// The first chosen minute of a day at or after `minuteOfDay`, nil when none is left.
    private func firstTime(from minuteOfDay: Int) -> Int? {
        let (hour0, minute0) = minuteOfDay.quotientAndRemainder(dividingBy: 60)
        for hour in hours where hour >= hour0 {
            if let minute = minutes.first(where: { hour > hour0 || $0 >= minute0 }) { return hour * 60 + minute }
        }
        return nil
    }
}

private extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let (q, r) = quotientAndRemainder(dividingBy: divisor)
        return r < 0 ? q - 1 : q
    }
}
