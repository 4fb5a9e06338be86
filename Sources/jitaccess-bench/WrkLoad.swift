import Foundation

/// A load of `GET` requests driven by `wrk` (a separate, native load generator, so that the
/// figures measure the server rather than a client in this process).
struct WrkLoad: Sendable {
    static let executable = "/usr/bin/wrk"

    let url: String
    let headers: [(String, String)]
    var connections = 64
    var threads = 2
    /// How long wrk runs; with ``requestLimit`` it still waits this long, so keep it short.
    var seconds = 10
    /// Each thread stops after its share of this many responses; nil runs for ``seconds``.
    var requestLimit: Int?

    /// Fails with the command that installs wrk when it is missing.
    static func checkInstalled() throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw BenchmarkSetupError(description: "\(executable) is missing; install it with `sudo apt-get install -y wrk`.")
        }
    }

    /// Runs wrk with a script (written into `workDirectory`) that sets the headers and prints
    /// one line of figures at the end.
    func run(in workDirectory: String) async throws -> WrkResult {
        try Self.checkInstalled()
        let script = workDirectory + "/load-\(UUID().uuidString).lua"
        try luaScript().write(toFile: script, atomically: true, encoding: .utf8)
        let output = workDirectory + "/wrk-\(UUID().uuidString).txt"
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: output) else {
            throw BenchmarkSetupError(description: "Cannot write wrk's output to \(output).")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = [
            "--connections", String(connections), "--threads", String(threads), "--duration", "\(seconds)s",
            "--timeout", "10s", "--latency", "--script", script, url,
        ]
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        while process.isRunning {
            try await Task.sleep(for: .milliseconds(20))
        }
        try? handle.close()
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0, let result = WrkResult(parsing: text) else {
            throw BenchmarkSetupError(description: "wrk failed (status \(process.terminationStatus)):\n\(text)")
        }
        return result
    }

    private func luaScript() -> String {
        var lines = headers.map { name, value in "wrk.headers[\(Self.lua(name))] = \(Self.lua(value))" }
        if let requestLimit {
            lines += [
                "local limit = \(max(1, requestLimit / threads))",
                "local seen = 0",
                "function response(status, headers, body)",
                "  seen = seen + 1",
                "  if seen == limit then wrk.thread:stop() end",
                "end",
            ]
        }
        lines += [
            "function done(summary, latency, requests)",
            "  local e = summary.errors",
            #"  io.write(string.format("\#(WrkResult.marker) %d %d %d %d %d %d\n", summary.requests, summary.duration,"#,
            "    latency:percentile(50), latency:percentile(99), e.connect + e.read + e.write + e.timeout, e.status))",
            "end",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// A Lua string literal.
    private static func lua(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
