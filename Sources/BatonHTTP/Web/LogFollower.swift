import BatonCore
import BatonStore
import BatonEngine
import Foundation
import Hummingbird

/// Follows a running task's log as it is written, as server-sent events: `chunk` events carry
/// new text of the running attempt, `end` says the task finished (the page then reads the
/// stored log of every attempt). The log file lives in the run directory of the home, so this
/// works for tasks run by any process of this machine; elsewhere, only `end` comes.
struct LogFollower: Sendable {
    let store: any Store
    /// Ends the stream when the server shuts down.
    let feed: ChangeFeed
    /// nil: this server cannot see attempt files.
    let runDirectory: URL?
    var interval: Duration = .milliseconds(250)
    /// At most this much text per event, so a chatty task cannot build one huge message.
    static let chunkBytes = 64 * 1024

    func response(job: Int64, task: Int64, uuid: UUID) -> Response {
        Response(
            status: .ok, headers: EventStream.headers,
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
                var attempt = -1
                var offset: UInt64 = 0
                while !Task.isCancelled && !feed.isClosed {
                    guard let record = try await store.taskList(job: job).first(where: { $0.id == task }) else { break }
                    if record.status == .running, record.attempt != attempt {
                        attempt = record.attempt
                        offset = 0
                        try await writer.write(EventStream.encode("attempt", ["attempt": .int(attempt)]))
                    }
                    if attempt >= 0, let directory = runDirectory {
                        let file = AttemptFiles(runDirectory: directory, task: uuid, attempt: attempt).log
                        while let text = Self.read(file, from: &offset) {
                            try await writer.write(
                                EventStream.encode("chunk", ["attempt": .int(attempt), "text": .string(text)]))
                        }
                    }
                    if record.status.isFinished {
                        try await writer.write(EventStream.encode("end", ["status": .string(record.status.name)]))
                        break
                    }
                    try await Task.sleep(for: interval)
                }
                try await writer.finish(nil)
            })
    }

    /// The text after `offset`, at most `chunkBytes`, cut at a line end when it can be so that
    /// no UTF-8 character is split; nil when there is nothing new.
    static func read(_ file: URL, from offset: inout UInt64) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return nil }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: offset)) != nil, var data = try? handle.read(upToCount: chunkBytes),
            !data.isEmpty
        else { return nil }
        if data.count == chunkBytes, let newline = data.lastIndex(of: 0x0A) {
            data = data[data.startIndex...newline]
        } else {
            data = data.prefix(completeUTF8Length(data))
            if data.isEmpty { return nil }
        }
        offset += UInt64(data.count)
        return String(decoding: data, as: UTF8.self)
    }

    /// How many leading bytes of `data` end on a whole UTF-8 character: a writer may be in the
    /// middle of one.
    static func completeUTF8Length(_ data: Data) -> Int {
        let bytes = [UInt8](data.suffix(4))
        for back in stride(from: 1, through: bytes.count, by: 1) {
            let byte = bytes[bytes.count - back]
            if byte & 0xC0 == 0x80 { continue }  // a continuation byte: look further back
            let length = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
            return length <= back ? data.count : data.count - back
        }
        return data.count
    }
}
