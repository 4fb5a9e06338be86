import AsyncHTTPClient
import Foundation

/// HTTP throughput and latency of `GET /api/projects/{p}/roles` on a release `jitaccess demo`,
/// loaded by wrk with 64 connections on loopback: on the demo cloud, and on the generated
/// large cloud.
struct HTTPSection: BenchmarkSection {
    let name = "http"

    func run(_ context: BenchmarkContext) async throws -> [Measurement] {
        try WrkLoad.checkInstalled()
        let executable = try JITAccessExecutable.locate(context.jitaccessExecutable)
        return try await HTTPProbe.withProbe { probe in
            var measurements: [Measurement] = []
            for cloud in try ServedCloud.all(in: context) {
                measurements.append(try await measure(cloud, executable: executable, probe: probe, context: context))
            }
            return measurements
        }
    }

    private func measure(_ cloud: ServedCloud, executable: JITAccessExecutable, probe: HTTPProbe, context: BenchmarkContext) async throws -> Measurement {
        let (server, url) = try await ServerProcess.startReady(
            executable, .demo(dataDirectory: cloud.dataDirectory), logPath: cloud.dataDirectory + "/server.log", probe: probe
        )
        let endpoint = RolesEndpoint(baseURL: url, user: cloud.user, project: cloud.project)
        let seconds = context.quick ? 3 : 10
        let listed: Int
        let result: WrkResult
        let serverCPU: Duration
        let loadAverage: String
        do {
            listed = try await endpoint.check(with: probe)
            _ = try await endpoint.load(seconds: 1).run(in: context.workDirectory)
            loadAverage = Self.loadAverage()
            let before = try server.cpuTime()
            result = try await endpoint.load(seconds: seconds).run(in: context.workDirectory)
            serverCPU = try server.cpuTime() - before
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
        guard result.socketErrors == 0, result.errorStatuses == 0 else {
            throw BenchmarkSetupError(description: "The load on \(endpoint.url) had \(result.socketErrors) socket errors and \(result.errorStatuses) error answers; see \(server.logPath).")
        }
        let rate = Int(result.requestsPerSecond.rounded())
        let cpuPerRequest = Int((Stopwatch.nanoseconds(serverCPU) / 1_000 / Double(max(result.requests, 1))).rounded())
        return Measurement(
            section: name, name: "GET roles, \(cloud.label): latency", median: result.medianMicroseconds / 1_000,
            p99: result.p99Microseconds / 1_000, unit: "ms", samples: result.requests,
            note: "\(rate) req/s (target ≥ \(cloud.targetRequestsPerSecond)), p99 target < 25 ms; 64 conn, \(seconds) s, \(listed) roles listed, server CPU \(cpuPerRequest) µs/request, load average \(loadAverage) before"
        )
    }

    /// The one-minute load average: other work on the machine takes cores from the server and wrk.
    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").first.map(String.init) ?? "unknown"
    }
}
