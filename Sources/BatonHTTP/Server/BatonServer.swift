import BatonEngine
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals

public struct ServerSettings: Sendable {
    public var host: String
    public var port: Int
    public var maxBodyBytes: Int
    /// Whether the Director API needs credentials (the Explorer API always does).
    public var authEnabled: Bool
    /// Seconds a token from `connect` lives.
    public var tokenMaxAge: Int
    /// Where running tasks write their logs (the home's `data/run`), for the web page to follow
    /// them; nil: only finished attempts' logs are shown.
    public var runDirectory: URL?

    public init(
        host: String = "127.0.0.1", port: Int = 8000, maxBodyBytes: Int = 1 << 20, authEnabled: Bool = false,
        tokenMaxAge: Int = 259_200, runDirectory: URL? = nil
    ) {
        self.runDirectory = runDirectory
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.authEnabled = authEnabled
        self.tokenMaxAge = tokenMaxAge
    }

    /// Auth is on by default unless the server listens on loopback only.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

/// `baton serve` in one place: the HTTP APIs and, unless it is API-only, the engine, as
/// services of one group that stops gracefully on SIGINT/SIGTERM.
public enum BatonServer {
    /// `background` holds the maintenance loops (schedules, retention) that run beside the server.
    public static func run(
        service: JobService, engine: Engine?, settings: ServerSettings, logger: Logger,
        background: [@Sendable () async throws -> Void] = [],
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let feed = ChangeFeed(service: service)
        let router = try await routes(service: service, feed: feed, settings: settings, logger: logger).build().router
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(settings.host, port: settings.port), serverName: "Baton"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? settings.port) },
            logger: logger)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: application)]
        if let engine { services.append(.init(service: BackgroundService { try await engine.run() })) }
        // Ends the web page's event streams first on shutdown, so that they do not hold it up.
        services.append(.init(service: BackgroundService { await feed.run() }))
        // A schedule with nothing to schedule ends at once; that must not stop the server.
        services += background.map { .init(service: BackgroundService(body: $0), successTerminationBehavior: .ignore) }
        let group = ServiceGroup(
            configuration: .init(
                services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

extension BatonServer {
    /// The routes of the server over `service`: every API with its settings and credentials.
    static func routes(
        service: JobService, feed: ChangeFeed, settings: ServerSettings, logger: Logger
    ) async throws -> BatonRouter {
        let tokens = await TokenService(secret: try await TokenService.secret(in: service.store), maxAge: settings.tokenMaxAge)
        let authenticator = Authenticator(store: service.store, tokens: tokens, passwords: Passwords())
        return BatonRouter(
            director: DirectorAPI(service: service, authenticator: settings.authEnabled ? authenticator : nil),
            explorer: ExplorerAPI(service: service, authenticator: authenticator, clock: service.clock),
            web: WebAPI(
                service: service, authenticator: authenticator, authEnabled: settings.authEnabled, feed: feed,
                logs: LogFollower(store: service.store, feed: feed, runDirectory: settings.runDirectory),
                maxBodyBytes: settings.maxBodyBytes),
            metrics: MetricsEndpoint(service: service, authenticator: settings.authEnabled ? authenticator : nil),
            maxBodyBytes: settings.maxBodyBytes, logger: logger)
    }
}
