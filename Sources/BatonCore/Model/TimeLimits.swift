/// The longest span of seconds a definition or baton.yml may give: a task's `timeout` and
/// `retry_delay`, a periodic `interval`, `lease_seconds`, `cancel_grace`. 1,000,000,000 s is
/// about 31.7 years. Beyond it a value overflows the engine's clock arithmetic (Int64
/// milliseconds, Swift's `Duration`), which would stop the process when the value is used
/// (`Duration.seconds(1e300)` traps), so it is refused when loaded, naming the field.
public enum TimeLimits {
    public static let maxSeconds: Double = 1_000_000_000
    /// `maxSeconds` as written in error messages.
    public static let maxSecondsText = "1000000000"
}
