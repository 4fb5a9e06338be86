import Foundation

/// One `jitaccess` server process, its output in a log file (a pipe that nobody reads could fill
/// and stall the server's audit lines).
final class ServerProcess {
    let process: Process
    let logPath: String
    private let launch: ServerLaunch
    private let started: ContinuousClock.Instant

    /// Starts the process; ``waitUntilListening(timeout:)`` then finds its address.
    init(_ executable: JITAccessExecutable, _ launch: ServerLaunch, logPath: String) throws {
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        guard let log = FileHandle(forWritingAtPath: logPath) else {
            throw BenchmarkSetupError(description: "Cannot write the server log \(logPath).")
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable.path)
        process.arguments = launch.arguments
        if let environment = launch.environment { process.environment = environment }
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        self.logPath = logPath
        self.launch = launch
        started = ContinuousClock.now
        try process.run()
        try? log.close()
    }

    /// Starts the server and returns once `/health/ready` answers 200, with the server's base URL.
    static func startReady(
        _ executable: JITAccessExecutable, _ launch: ServerLaunch, logPath: String, probe: HTTPProbe, timeout: Duration = .seconds(120)
    ) async throws -> (process: ServerProcess, url: String) {
        let process = try ServerProcess(executable, launch, logPath: logPath)
        do {
            let url = try await process.waitUntilListening(timeout: timeout)
            try await probe.waitUntilReady(url, timeout: timeout)
            return (process, url)
        } catch {
            await process.stop()
            throw error
        }
    }

    var pid: Int32 { process.processIdentifier }

    /// The server's base URL, read from its output.
    func waitUntilListening(timeout: Duration) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let url = launch.readyURL(log()) { return url }
            guard process.isRunning else {
                throw BenchmarkSetupError(description: "jitaccess \(launch.arguments[0]) exited with status \(process.terminationStatus):\n\(log())")
            }
            try await Task.sleep(for: .milliseconds(1))
        }
        throw BenchmarkSetupError(description: "jitaccess \(launch.arguments[0]) said nothing of listening within \(timeout):\n\(log())")
    }

    /// The time since the process was started.
    var age: Duration { ContinuousClock.now - started }

    /// Resident memory in bytes (`VmRSS` in `/proc/PID/status`).
    func residentMemory() throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap({ Int($0) })
        else {
            throw BenchmarkSetupError(description: "No VmRSS line in /proc/\(pid)/status.")
        }
        return kilobytes * 1024
    }

    /// CPU time used so far, user and system (`utime` + `stime` in `/proc/PID/stat`).
    func cpuTime() throws -> Duration {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // The command name (field 2) may hold spaces; the fields after it start with the state.
        guard let end = stat.lastIndex(of: ")") else {
            throw BenchmarkSetupError(description: "Cannot read /proc/\(pid)/stat: \(stat.prefix(200))")
        }
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else {
            throw BenchmarkSetupError(description: "Cannot read utime and stime from /proc/\(pid)/stat: \(stat.prefix(200))")
        }
        let ticksPerSecond = Int(sysconf(Int32(_SC_CLK_TCK)))
        return .milliseconds((user + system) * 1_000 / max(ticksPerSecond, 1))
    }

    /// Sends SIGTERM and waits for the exit (SIGKILL after `grace`).
    func stop(grace: Duration = .seconds(10)) async {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = ContinuousClock.now + grace
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        if process.isRunning {
            kill(pid, SIGKILL)
            process.waitUntilExit()
        }
    }

    func log() -> String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }
}
