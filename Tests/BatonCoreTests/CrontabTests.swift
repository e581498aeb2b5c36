import Foundation
import Testing
@testable import BatonCore

@Suite struct CrontabTests {
    private func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func nextMatches() throws {
        #expect(try Crontab("0 */3 * * *").next(after: utc("2026-01-01T01:10:00Z")) == utc("2026-01-01T03:00:00Z"))
        #expect(try Crontab("*/15 * * * *").next(after: utc("2026-01-01T01:15:00Z")) == utc("2026-01-01T01:30:00Z"))
        #expect(try Crontab("30 9 * * 1-5").next(after: utc("2026-11-21T12:00:00Z")) == utc("2026-11-23T09:30:00Z"))
        #expect(try Crontab("0 0 29 2 *").next(after: utc("2026-03-01T00:00:00Z")) == utc("2028-02-29T00:00:00Z"))
        // 2026-01-01 is a Thursday; with Celery's rule (both day fields must match) the next
        // 1 January on a Sunday (7 = 0) is in 2034.
        #expect(try Crontab("5,10 0 1 1 7").next(after: utc("2026-01-01T00:07:00Z")) == utc("2034-01-01T00:05:00Z"))
    }

    @Test func rejectsBadExpressions() {
        for bad in [
            "* * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8", "*/0 * * * *", "a * * * *",
            "* * * * mo", "* * * * xyz-fri", "* * * foo *", "1-2-3 * * * *", ",1 * * * *",
        ] {
            #expect(throws: Crontab.ParseError.self, "\(bad)") { try Crontab(bad) }
        }
    }

    /// Celery's grammar, as Director hands `periodic.crontab` to Celery: names in any case,
    /// ranges of names, wrapping ranges, lists and steps.
    @Test func celeryGrammar() throws {
        #expect(try Crontab("0 9 * * mon-fri").next(after: utc("2026-11-28T10:00:00Z")) == utc("2026-11-30T09:00:00Z"))
        #expect(try Crontab("0 9 * * MON-Fri").weekdays == [1, 2, 3, 4, 5])
        #expect(try Crontab("0 9 * * sunday,saturday").weekdays == [0, 6])
        #expect(try Crontab("0 9 * * fri-mon").weekdays == [5, 6, 0, 1])
        #expect(try Crontab("0 0 1 jan-mar,Oct *").months == [1, 2, 3, 10])
        #expect(try Crontab("50-10/10 * * * *").minutes == [0, 10, 50])
        #expect(try Crontab("5/20 * * * *").minutes == [5, 25, 45])
    }

    /// Celery's meaning: with both day fields restricted, a day must match both (Unix cron
    /// would take either).
    @Test func bothDayFieldsMustMatch() throws {
        // The next Friday the 13th after 2026-11-29 is 2027-08-13.
        #expect(try Crontab("0 0 13 * fri").next(after: utc("2026-11-29T00:00:00Z")) == utc("2027-08-13T00:00:00Z"))
        // Feb 29 on a Monday: 2044.
        #expect(try Crontab("0 0 29 2 mon").next(after: utc("2026-11-29T00:00:00Z")) == utc("2044-02-29T00:00:00Z"))
    }

    @Test func impossibleExpressionsAreRefused() {
        for never in ["0 0 31 2 *", "0 0 30 2 mon", "0 0 31 4,6,9,11 *", "0 0 30-31 feb *"] {
            #expect(throws: Crontab.ParseError.self, "\(never)") { try Crontab(never) }
        }
        #expect((try? Crontab("0 0 31 2 *")) == nil)
        #expect((try? Crontab("0 0 29 2 *")) != nil, "Feb 29 exists in leap years")
    }

    /// The next slot agrees with a minute-by-minute walk on many random expressions and times.
    @Test func calendarJumpsAgreeWithAMinuteWalk() throws {
        var random = SystemRandomNumberGenerator()
        let fields = [
            ["*", "0", "*/7", "5-20/5", "59"], ["*", "0", "3-5", "*/6", "23"], ["*", "1", "15", "28-31", "1,10,20"],
            ["*", "2", "jan-mar", "12", "*/4"], ["*", "sun", "mon-fri", "sat", "3"],
        ]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for _ in 0..<200 {
            let expression = fields.map { $0.randomElement(using: &random)! }.joined(separator: " ")
            let crontab = try Crontab(expression)
            let start = utc("2026-01-01T00:00:00Z").addingTimeInterval(
                Double(Int.random(in: 0..<(3 * 365 * 1440), using: &random)) * 60 + 17)
            let next = crontab.next(after: start)
            #expect(next > start)
            #expect(crontab.matches(next, calendar), "\(expression) after \(start): \(next)")
            // No earlier minute matches (checked within the first two days, where most answers lie).
            var minute = Date(timeIntervalSince1970: (start.timeIntervalSince1970 / 60).rounded(.down) * 60 + 60)
            while minute < next && minute < start.addingTimeInterval(2 * 86_400) {
                #expect(!crontab.matches(minute, calendar), "\(expression): \(minute) matches before \(next)")
                minute.addTimeInterval(60)
            }
        }
    }
}

private extension Crontab {
    /// Whether `date` matches every field: the definition, checked by Foundation's calendar.
    func matches(_ date: Date, _ calendar: Calendar) -> Bool {
        let parts = calendar.dateComponents([.minute, .hour, .day, .month, .weekday], from: date)
        return minutes.contains(parts.minute!) && hours.contains(parts.hour!) && days.contains(parts.day!)
            && months.contains(parts.month!) && weekdays.contains(parts.weekday! - 1)
    }
}

@Suite struct JSONTests {
    @Test func roundTrip() throws {
        let text = #"{"a":[1,2.5,"x\n\"y",true,null,{"b":-3}],"c":1.0}"#
        let value = try JSON.parse(text)
        #expect(value["a"]?[0] == .int(1))
        #expect(value["a"]?[1] == .double(2.5))
        #expect(value["c"] == .double(1))
        #expect(value.jsonText == text)
        #expect(try JSON.parse("\"\\u00e9\\ud83d\\ude00\"") == .string("é😀"))
    }

    @Test func rejectsMalformed() {
        for bad in ["{", "[1,]", "{\"a\" 1}", "01", "\"\\x\"", "tru", "1 2", "", "{\"a\":1,}"] {
            #expect(throws: JSONParseError.self, "\(bad)") { try JSON.parse(bad) }
        }
    }

    @Test func identifiers() {
        #expect(Identifiers.workflowId(fullName: "") == 0x811C9DC5)
        #expect(Identifiers.workflowId(fullName: "a") == 0xE40C292C)
        let uuid = UUID()
        #expect(Identifiers.uuid(Identifiers.hex(uuid)) == uuid)
        #expect(Identifiers.hex(uuid).count == 32)
    }
}
