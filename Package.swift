// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Baton",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Baton", targets: ["Baton"]),
        .executable(name: "baton", targets: ["baton"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // http tasks and the job-span exporter: an HTTP client on NIO (swift-otel already uses it),
        // so the binary does not link FoundationNetworking and libcurl.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        // Tracing (SPEC §14): OTLP/HTTP only (a package trait, hence tools version 6.1), so the gRPC
        // exporter and its dependencies are not built.
        .package(url: "https://github.com/swift-otel/swift-otel", from: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
        .package(url: "https://github.com/apple/swift-service-context", from: "1.5.1"),
    ],
    targets: [
        // Pure model: definitions, loader, state machine, JSON, crontab, ids. No IO but reading YAML text.
        .target(name: "BatonCore", dependencies: ["BatonGraph", .product(name: "Yams", package: "Yams")]),
        // Explorer's graph algorithms on a CSR graph (SPEC §12). Pure: no IO, no dependencies.
        .target(name: "BatonGraph"),
        // The store seam every backend implements.
        .target(name: "BatonStore", dependencies: ["BatonCore"]),
        // The embedded backend.
        .target(name: "BatonSQLite", dependencies: ["BatonCore", "BatonStore", .product(name: "GRDB", package: "GRDB.swift")]),
        // The shared backend: many processes on many machines, one PostgreSQL database.
        .target(
            name: "BatonPostgres",
            dependencies: [
                "BatonCore", "BatonStore", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // Behaviours every backend must have, checked by the SQLite and PostgreSQL tests alike.
        .target(name: "BatonStoreConformance", dependencies: ["BatonStore", "BatonCore"]),
        // Workers, task kinds, leases.
        .target(
            name: "BatonEngine",
            dependencies: [
                "BatonCore", "BatonGraph", "BatonStore", "CSpawn", .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "OTel", package: "swift-otel"), .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "ServiceContextModule", package: "swift-service-context"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]),
        // Spawning a task process with vfork (chdir, process group, parent-death signal), which Swift cannot express.
        .target(name: "CSpawn"),
        // The HTTP server: Director's /api (and later Explorer's /api-open/v1).
        .target(
            name: "BatonHTTP",
            dependencies: [
                "BatonCore", "BatonStore", "BatonEngine", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "JWTKit", package: "jwt-kit"), .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ], exclude: ["EmbedFiles.txt"], plugins: ["EmbedFiles"]),
        // Files compiled into a target (its EmbedFiles.txt says which folders): the OpenAPI documents.
        .plugin(name: "EmbedFiles", capability: .buildTool(), dependencies: ["EmbedFilesTool"]),
        .executableTarget(name: "EmbedFilesTool", path: "Plugins/EmbedFilesTool"),
        // Public library: TaskRegistry, configuration, home, CLI.
        .target(
            name: "Baton",
            dependencies: [
                "BatonCore", "BatonStore", "BatonSQLite", "BatonPostgres", "BatonEngine", "BatonHTTP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"), .product(name: "Yams", package: "Yams"),
            ]),
        .executableTarget(name: "baton", dependencies: ["Baton"]),
        // The benchmark program (BENCHMARKS.md); no package beyond those above, so it builds with the rest.
        .executableTarget(
            name: "baton-bench",
            dependencies: [
                "Baton", "BatonCore", "BatonStore", "BatonSQLite", "BatonPostgres", "BatonEngine",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ], path: "Benchmarks/BatonBench"),
        // Fixtures the test targets share: a temporary home, waiting on conditions.
        .target(name: "BatonTestSupport", dependencies: ["Baton", "BatonCore", "BatonEngine", "BatonStore"]),

        .testTarget(name: "BatonCoreTests", dependencies: ["BatonCore"]),
        .testTarget(name: "BatonGraphTests", dependencies: ["BatonGraph", "BatonTestSupport"], exclude: ["networkx"]),
        .testTarget(name: "BatonSQLiteTests", dependencies: ["BatonSQLite", "BatonStore", "BatonCore", "BatonStoreConformance"]),
        .testTarget(name: "BatonPostgresTests", dependencies: ["BatonPostgres", "BatonStore", "BatonStoreConformance"]),
        .testTarget(
            name: "BatonEngineTests",
            dependencies: [
                "BatonEngine", "BatonSQLite", "BatonCore", "BatonStore", "Baton", "BatonTestSupport",
            ]),
        .testTarget(
            name: "BatonCLITests",
            dependencies: [
                "baton", "Baton", "BatonCore", "BatonEngine", "BatonStore", "BatonPostgres", "BatonTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "BatonHTTPTests",
            dependencies: [
                "BatonHTTP", "Baton", "BatonCore", "BatonEngine", "BatonStore", "BatonTestSupport",
                .product(name: "Logging", package: "swift-log"), .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]),
    ]
)

// Every module a file uses must be imported by that file (SE-0444), and so declared above.
for target in package.targets where target.type != .plugin {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("MemberImportVisibility")]
}
