import BatonCore
import Hummingbird

/// `text/event-stream` responses (server-sent events).
enum EventStream {
    static var headers: HTTPFields {
        [
            .contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache",
            HTTPFields.Element.Name("X-Accel-Buffering")!: "no",
        ]
    }

    /// One event in the wire format; an event without a name is a comment line (a heartbeat).
    static func encode(_ name: String, _ data: JSON) -> ByteBuffer {
        if name.isEmpty { return ByteBuffer(string: ": keep-alive\n\n") }
        // jsonText has no raw newlines (they are escaped in strings), so one data line suffices.
        return ByteBuffer(string: "event: \(name)\ndata: \(data.jsonText)\n\n")
    }

    /// Streams `events` until they end or the client goes away (a write then fails).
    static func response(_ events: AsyncStream<ChangeFeed.Event>) -> Response {
        Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
                for await event in events {
                    try await writer.write(encode(event.name, event.data))
                }
                try await writer.finish(nil)
            })
    }
}
