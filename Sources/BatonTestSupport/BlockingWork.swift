import Foundation

/// Runs `body`, which blocks (waits for a child process, reads a pipe to its end), on a thread
/// of its own, and waits for it without holding a thread of Swift's cooperative pool. The pool
/// has one thread per core (two here): tests that block on it stall every other test of a
/// parallel run, for a minute when the graph tests wait on networkx. At most two such calls
/// run at once, so a parallel run does not start dozens of processes on two cores either.
public func blockingWork<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    await BlockingGate.shared.enter()
    defer { Task { await BlockingGate.shared.leave() } }
    return try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.start()
    }
}

/// A counting semaphore for `blockingWork`; waiters enter in arrival order.
private actor BlockingGate {
    static let shared = BlockingGate(width: 2)
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(width: Int) { free = width }

    func enter() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
