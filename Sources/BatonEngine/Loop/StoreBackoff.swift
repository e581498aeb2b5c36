/// How long an engine loop waits after a store call failed (the database restarting, a lock
/// held past the busy timeout) before it tries again: 50 ms, doubling to at most 5 s, back to
/// 50 ms after a call succeeds. A failing store slows the loop down; it never stops it.
struct StoreBackoff {
    private var failures = 0

    mutating func succeeded() { failures = 0 }

    /// Counts a failure; returns how long to wait before the next try.
    mutating func failed() -> Duration {
        failures += 1
        return .milliseconds(min(5000, 50 << min(failures - 1, 7)))
    }
}
