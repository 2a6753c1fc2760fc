// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "reelay",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "reelay", targets: ["reelay"]),
        .library(name: "ReelayCore", targets: ["ReelayCore"]),
        .library(name: "Reelay", targets: ["Reelay"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // Canonical model, catalog, validation, geometry and dialect codecs. Pure: no I/O.
        .target(
            name: "ReelayCore",
            resources: [.copy("Catalog/catalog.json")]
        ),
        // Engine, stores, providers, media, blob store and the HTTP application.
        .target(
            name: "Reelay",
            dependencies: [
                "ReelayCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            // The playground's and the docs page's HTML, CSS and JavaScript, served as they are.
            resources: [.copy("Web/Pages")]
        ),
        // The thin command-line executable.
        .executableTarget(
            name: "reelay",
            dependencies: [
                "Reelay",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer targets for the parsers that read untrusted bytes (scripts/fuzz builds them
        // with -sanitize=fuzzer); a plain build replays saved inputs through the same checks.
        .executableTarget(name: "ReelayFuzz", dependencies: ["ReelayCore"], path: "Fuzz/ReelayFuzz"),
        .testTarget(name: "ReelayCoreTests", dependencies: ["ReelayCore"]),
        .testTarget(
            name: "ReelayTests",
            dependencies: [
                "Reelay",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            // Recorded expectations (e.g. botocore's signatures, written by scripts/sigv4-vectors).
            resources: [.copy("Fixtures")]
        ),
    ]
)
