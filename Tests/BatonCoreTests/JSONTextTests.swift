import Testing

@testable import BatonCore

/// JSON text written and read back: escapes, control characters and non-ASCII text survive.
@Suite struct JSONTextTests {
    @Test func stringsAreEscapedAndReadBack() throws {
        let text = "plain \"quoted\" back\\slash\nnew\rret\ttab\u{01}\u{1f} é ☃ 𝄞"
        let value: JSON = ["k\"ey": .string(text), "b": [1, 2.5, true, nil, "x"], "a": [:]]
        #expect(
            value.jsonText
                == #"{"a":{},"b":[1,2.5,true,null,"x"],"k\"ey":"plain \"quoted\" back\\slash\nnew\rret\ttab\u0001\u001f é ☃ 𝄞"}"#
        )
        #expect(try JSON.parse(value.jsonText) == value)
        #expect(try JSON.parse(bytes: Array(value.jsonText.utf8)) == value)
    }

    @Test func escapesInTheMiddleOfAStringAreRead() throws {
        #expect(try JSON.parse(#""ab\u00e9\ud834\udd1ecd\/""#) == .string("abé𝄞cd/"))
        #expect(try JSON.parse(#"["", "x", true, false, null]"#) == ["", "x", true, false, nil])
        #expect(throws: JSONParseError.self) { try JSON.parse(#""a\qb""#) }
        #expect(throws: JSONParseError.self) { try JSON.parse("\"a\u{01}b\"") }
        #expect(throws: JSONParseError.self) { try JSON.parse(#""abc"#) }
        #expect(throws: JSONParseError.self) { try JSON.parse("tru") }
        #expect(throws: JSONParseError.self) { try JSON.parse("nul") }
    }
}
