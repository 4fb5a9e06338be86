// swift-tools-version:6.0
import PackageDescription

// The instrumented libFuzzer executable, kept out of the root package so that `swift build`
// there never builds it. Build and run it with scripts/fuzz (see docs/fuzzing.md).

// A path dependency is named after its folder (main, a worktree, a CI clone), not its manifest.
let root = Context.packageDirectory.split(separator: "/").dropLast().last.map(String.init) ?? "jitaccess"

let package = Package(
    name: "jitaccess-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
    ],
    targets: [
        // libFuzzer supplies `main`, so the executable has none of its own.
        .executableTarget(
            name: "jitaccess-fuzz",
            dependencies: [.product(name: "JITAccessFuzzing", package: root)],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ]
)
