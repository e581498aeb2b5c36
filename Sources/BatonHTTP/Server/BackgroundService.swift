import Foundation
import ServiceLifecycle

/// A loop run as a service and cancelled on graceful shutdown (the engine then stops claiming,
/// lets running tasks finish within its grace and hands back the rest).
struct BackgroundService: Service {
    let body: @Sendable () async throws -> Void

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown(body)
        } catch is CancellationError {
        }
    }
}
