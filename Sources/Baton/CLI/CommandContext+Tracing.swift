import BatonEngine

extension CommandContext {
    /// Tracing as baton.yml's `tracing.otlp_endpoint` says: exporting to it, or `.off`.
    func tracing() throws -> BatonTracing {
        guard let settings = home.configuration.tracing else { return .off }
        do {
            return try BatonTracing(settings: settings)
        } catch {
            throw CommandError("tracing: \(error)")
        }
    }
}
