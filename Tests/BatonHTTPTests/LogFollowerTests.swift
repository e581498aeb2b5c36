@testable import BatonHTTP
import Foundation
import Testing

@Suite struct LogFollowerTests {
    @Test func aChunkNeverEndsInsideAUTF8Character() {
        let text = Data("tick é€𝄞".utf8)
        #expect(LogFollower.completeUTF8Length(text) == text.count)
        #expect(LogFollower.completeUTF8Length(text.dropLast(1)) == text.count - 4, "half of 𝄞 waits for the rest")
        #expect(LogFollower.completeUTF8Length(text.dropLast(3)) == text.count - 4)
        #expect(LogFollower.completeUTF8Length(text.dropLast(5)) == text.count - 7, "€ cut after its first byte")
        #expect(LogFollower.completeUTF8Length(Data("ascii".utf8)) == 5)
        #expect(LogFollower.completeUTF8Length(Data()) == 0)
    }

    @Test func readingFollowsTheFileFromTheLastOffset() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("baton-log-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        var offset: UInt64 = 0
        #expect(LogFollower.read(file, from: &offset) == nil, "no file yet")
        try Data("one\n".utf8).write(to: file)
        #expect(LogFollower.read(file, from: &offset) == "one\n")
        #expect(LogFollower.read(file, from: &offset) == nil)
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("two é".utf8).dropLast(1))
        #expect(LogFollower.read(file, from: &offset) == "two ")
        try handle.write(contentsOf: Data("é".utf8).suffix(1))
        try handle.close()
        #expect(LogFollower.read(file, from: &offset) == "é")
    }
}
