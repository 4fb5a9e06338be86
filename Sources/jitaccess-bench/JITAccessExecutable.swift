import Foundation

/// The `jitaccess` executable that the process-level sections start.
struct JITAccessExecutable: Sendable {
    let path: String

    /// `explicit` (from `--jitaccess PATH`) if given, else the `jitaccess` next to this
    /// benchmark's own executable, where `swift build -c release` puts both.
    static func locate(_ explicit: String?) throws -> JITAccessExecutable {
        let candidate = explicit ?? Self.besideThisExecutable()
        guard let candidate, FileManager.default.isExecutableFile(atPath: candidate) else {
            throw BenchmarkSetupError(description: """
                No jitaccess executable at \(explicit ?? "the folder of jitaccess-bench"). Build it with \
                `swift build -c release --scratch-path .build-release --product jitaccess`, or pass --jitaccess PATH.
                """)
        }
        return JITAccessExecutable(path: candidate)
    }

    private static func besideThisExecutable() -> String? {
        guard let own = Bundle.main.executableURL else { return nil }
        return own.resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("jitaccess").path
    }
}
