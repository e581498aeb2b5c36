// swift-tools-version:6.0
import PackageDescription

// A program that embeds Baton with its own Swift task.
let package = Package(
    name: "Shop",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Baton", path: "..")],
    targets: [
        .executableTarget(name: "shop", dependencies: [.product(name: "Baton", package: "Baton")], path: "Sources/Shop")
    ]
)
