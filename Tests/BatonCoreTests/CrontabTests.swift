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
        #expect(try Crontab("5,10 0 1 1 7").next(after: utc("2026-01-01T00:07:00Z")) == utc("2026-01-01T00:10:00Z"))
    }

    @Test func rejectsBadExpressions() {
        for bad in ["* * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8", "*/0 * * * *", "a * * * *", "5-1 * * * *"] {
            #expect(throws: Crontab.ParseError.self, "\(bad)") { try Crontab(bad) }
        }
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
        #expect(JobLabel.make(workflow: "w", createdMillis: 1657874210088) == "w_20220715083650")
    }
}
