// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "jitaccess",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "jitaccess", targets: ["jitaccess"]),
        .executable(name: "jitaccess-bench", targets: ["jitaccess-bench"]),
        .library(name: "JITAccessCore", targets: ["JITAccessCore"]),
        // For Fuzz/, the separate package of the instrumented libFuzzer executable.
        .library(name: "JITAccessFuzzing", targets: ["JITAccessFuzzing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
    ],
    targets: [
        // The domain: no I/O, no HTTP, no Google, no SMTP.
        .target(
            name: "JITAccessCore",
            swiftSettings: swiftSettings
        ),
        // What a process provides: the system's clock and retry jitter, made once by the
        // composition root (the command line, the benchmark, the tests) and passed everywhere.
        .target(
            name: "JITAccessRuntime",
            dependencies: ["JITAccessCore"],
            swiftSettings: swiftSettings
        ),
        // The embedded IAM: a small cloud in one human-editable JSON file.
        .target(
            name: "JITAccessLocal",
            dependencies: [
                "JITAccessCore",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // E-mail: MIME messages, an SMTP client (STARTTLS, AUTH) and the demo outbox.
        .target(
            name: "JITAccessMail",
            dependencies: [
                "JITAccessCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Activation tokens: compact JWS (ES256, RS256) on swift-crypto, the local signing key, JWKS.
        .target(
            name: "JITAccessTokens",
            dependencies: [
                "JITAccessCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Google Cloud: Identity-Aware Proxy sign-in, key sets fetched over HTTPS.
        .target(
            name: "JITAccessGoogle",
            dependencies: [
                "JITAccessCore",
                "JITAccessTokens",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The emulator of Google's APIs over the embedded IAM, for laptops and tests.
        .target(
            name: "JITAccessEmulator",
            dependencies: [
                "JITAccessCore",
                "JITAccessLocal",
                "JITAccessTokens",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        // The Hummingbird application: pages, JSON API, identity, CSRF defence, health.
        .target(
            name: "JITAccessWeb",
            dependencies: [
                "JITAccessCore",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // The OpenAPI document of the JSON API, served at /api/openapi.json.
            resources: [.embedInCode("openapi.json")],
            swiftSettings: swiftSettings
        ),
        // The fuzz targets: each parser fed arbitrary bytes, with invariants checked. Fuzz/ links
        // it into an instrumented libFuzzer executable; JITAccessFuzzingTests replays the corpora.
        .target(
            name: "JITAccessFuzzing",
            dependencies: [
                "JITAccessCore",
                "JITAccessGoogle",
                "JITAccessLocal",
                "JITAccessMail",
                "JITAccessTokens",
                "JITAccessWeb",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "jitaccess",
            dependencies: [
                "JITAccessCore",
                "JITAccessRuntime",
                "JITAccessEmulator",
                "JITAccessGoogle",
                "JITAccessLocal",
                "JITAccessMail",
                "JITAccessTokens",
                "JITAccessWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        // The benchmark: prints medians and 99th percentiles; separate from the test suite.
        .executableTarget(
            name: "jitaccess-bench",
            dependencies: [
                "JITAccessCore",
                "JITAccessRuntime",
                "JITAccessEmulator",
                "JITAccessGoogle",
                "JITAccessLocal",
                "JITAccessTokens",
                "JITAccessWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // What every test target shares: a clock that skips waits, seeded jitter, recorders of
        // audit events and notifications, a temporary demo cloud.
        .target(
            name: "JITAccessTestSupport",
            dependencies: ["JITAccessCore", "JITAccessLocal", "JITAccessRuntime"],
            path: "Tests/JITAccessTestSupport",
            swiftSettings: swiftSettings
        ),
        // The architecture held against the sources: the import rule, declared dependencies,
        // one type per file.
        .testTarget(
            name: "JITAccessArchitectureTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JITAccessCoreTests",
            dependencies: ["JITAccessCore", "JITAccessRuntime", "JITAccessTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JITAccessLocalTests",
            dependencies: ["JITAccessCore", "JITAccessRuntime", "JITAccessTestSupport", "JITAccessLocal"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JITAccessMailTests",
            dependencies: [
                "JITAccessCore",
                "JITAccessRuntime",
                "JITAccessTestSupport",
                "JITAccessMail",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JITAccessTokensTests",
            dependencies: [
                "JITAccessCore",
                "JITAccessRuntime",
                "JITAccessTestSupport",
                "JITAccessTokens",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JITAccessGoogleTests",
            dependencies: [
                "JITAccessCore",
                "JITAccessRuntime",
                "JITAccessTestSupport",
                "JITAccessEmulator",
                "JITAccessGoogle",
                "JITAccessLocal",
                "JITAccessTokens",
                "JITAccessWeb",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JITAccessEmulatorTests",
            dependencies: [
                "JITAccessCore",
                "JITAccessRuntime",
                "JITAccessTestSupport",
                "JITAccessEmulator",
                "JITAccessLocal",
                "JITAccessTokens",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JITAccessFuzzingTests",
            dependencies: ["JITAccessFuzzing"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JITAccessWebTests",
            dependencies: [
                "JITAccessCore",
                "JITAccessRuntime",
                "JITAccessTestSupport",
                "JITAccessLocal",
                "JITAccessMail",
                "JITAccessTokens",
                "JITAccessWeb",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
