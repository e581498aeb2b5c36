import BatonStore
import Foundation
import Logging
import Synchronization

extension Engine {
    /// Wakes the work loop whenever the database announces ready work from any process, so an
    /// idle engine needs no fast polling. If the notifications break off, the loop polls at
    /// `idlePoll` until they are back.
    func listenForReadyWork(_ first: AsyncThrowingStream<Void, any Error>) async {
        var signals = first
        while !Task.isCancelled {
            announced.store(true, ordering: .relaxed)
            do {
                for try await _ in signals { wakeup.signal() }
            } catch {
                logger.warning("ready-work notifications stopped (\(error)); polling until they are back")
            }
            announced.store(false, ordering: .relaxed)
            wakeup.signal()
            try? await Task.sleep(for: .seconds(1))
            guard let next = store.readySignals(queues: configuration.queues) else { return }
            signals = next
        }
    }
}
