import BatonStore
import Foundation
import PostgresNIO

extension PostgresStore {
    /// LISTENs on the schema's channel, where a trigger announces each queue that got a ready
    /// task, and an empty name when a pool's or workflow's slot freed (its waiting tasks may be
    /// in any queue). One pooled connection is held while the stream lives.
    public func readySignals(queues: [String]?) -> AsyncThrowingStream<Void, any Error>? {
        let channel = PostgresSchema.channel(schema: address.schema)
        let (stream, continuation) = AsyncThrowingStream<Void, any Error>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let listening = Task {
            do {
                try await withConnection { connection in
                    try await connection.listen(on: channel) { notifications in
                        // Work made ready before LISTEN took effect was not announced: look once.
                        continuation.yield()
                        for try await notification in notifications
                        where notification.payload.isEmpty || queues?.contains(notification.payload) ?? true {
                            continuation.yield()
                        }
                    }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in listening.cancel() }
        return stream
    }
}
