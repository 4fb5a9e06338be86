import AsyncHTTPClient
import Foundation
import JITAccessLocal

/// Cold start of a release `jitaccess demo` (process start to the first 200 from
/// `/health/ready`, the binary in the page cache), and its resident memory when idle and after
/// 10,000 requests; and the cold start and idle memory of `jitaccess serve` against an emulator
/// of Google's APIs in the bench, which is how it starts on Cloud Run (no file to read, one
/// call to the metadata server).
struct StartupSection: BenchmarkSection {
    let name = "startup"
    static let loadRequests = 10_000

    /// The targets of issue 5, which are set for the demo cloud; a large cloud file is parsed
    /// and indexed before the server is ready, so its figures are printed without a target.
    struct Targets: Sendable {
        let startMilliseconds: Int
        let idleMegabytes: Int
        let loadedMegabytes: Int
    }

    func run(_ context: BenchmarkContext) async throws -> [Measurement] {
        try WrkLoad.checkInstalled()
        let executable = try JITAccessExecutable.locate(context.jitaccessExecutable)
        return try await HTTPProbe.withProbe { probe in
            var measurements: [Measurement] = []
            for (cloud, starts, targets) in [
                (try ServedCloud.demo(in: context), context.samples(20), Targets(startMilliseconds: 100, idleMegabytes: 50, loadedMegabytes: 96)),
                (try ServedCloud.large(in: context), context.samples(10), nil),
            ] {
                measurements.append(try await startUp(cloud, times: starts, executable: executable, probe: probe, targets: targets))
                measurements += try await memory(cloud, executable: executable, probe: probe, context: context, targets: targets)
            }
            measurements += try await serve(times: context.samples(20), executable: executable, probe: probe, context: context)
            return measurements
        }
    }

    /// The demo on `cloud`, started `times` times.
    private func startUp(
        _ cloud: ServedCloud, times: Int, executable: JITAccessExecutable, probe: HTTPProbe, targets: Targets?
    ) async throws -> Measurement {
        let samples = try await Self.startTimes(
            .demo(dataDirectory: cloud.dataDirectory), times: times, executable: executable, probe: probe, logPrefix: cloud.dataDirectory + "/start"
        )
        return Measurement(
            section: name, name: "start to first 200 /health/ready, \(cloud.label)", nanoseconds: samples, unit: .milliseconds,
            note: targets.map { "target < \($0.startMilliseconds) ms" } ?? "no target: the file is parsed before ready"
        )
    }

    /// Starts and stops the server `times` times after one uncounted start (which creates the
    /// keys, and the cloud for the demo, and brings the binary into the page cache); the time
    /// from each start to ready, in nanoseconds.
    private static func startTimes(
        _ launch: ServerLaunch, times: Int, executable: JITAccessExecutable, probe: HTTPProbe, logPrefix: String
    ) async throws -> [Double] {
        var samples: [Double] = []
        for round in 0...times {
            let (server, _) = try await ServerProcess.startReady(executable, launch, logPath: "\(logPrefix)-\(round).log", probe: probe)
            let elapsed = server.age
            await server.stop()
            if round > 0 { samples.append(Stopwatch.nanoseconds(elapsed)) }
        }
        return samples
    }

    /// Resident memory once the server has been idle for a second, and after ``loadRequests``
    /// `GET roles` requests from 64 connections.
    private func memory(
        _ cloud: ServedCloud, executable: JITAccessExecutable, probe: HTTPProbe, context: BenchmarkContext, targets: Targets?
    ) async throws -> [Measurement] {
        let (server, url) = try await ServerProcess.startReady(
            executable, .demo(dataDirectory: cloud.dataDirectory), logPath: cloud.dataDirectory + "/memory.log", probe: probe
        )
        let idle: Int
        let loaded: Int
        let requests: Int
        do {
            try await Task.sleep(for: .seconds(1))
            idle = try server.residentMemory()
            let endpoint = RolesEndpoint(baseURL: url, user: cloud.user, project: cloud.project)
            _ = try await endpoint.check(with: probe)
            requests = try await endpoint.load(seconds: 5, requestLimit: Self.loadRequests).run(in: context.workDirectory).requests
            loaded = try server.residentMemory()
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
        let megabyte = 1024.0 * 1024.0
        return [
            Measurement(section: name, name: "resident memory idle, \(cloud.label)", median: Double(idle) / megabyte,
                        p99: Double(idle) / megabyte, unit: "MB", samples: 1,
                        note: targets.map { "VmRSS; target < \($0.idleMegabytes) MB" } ?? "VmRSS"),
            Measurement(section: name, name: "resident memory after \(requests) requests, \(cloud.label)", median: Double(loaded) / megabyte,
                        p99: Double(loaded) / megabyte, unit: "MB", samples: 1,
                        note: targets.map { "VmRSS; target < \($0.loadedMegabytes) MB" } ?? "VmRSS"),
        ]
    }

    /// `jitaccess serve` started `times` times (after one uncounted start) against the emulator,
    /// and its resident memory once idle.
    private func serve(times: Int, executable: JITAccessExecutable, probe: HTTPProbe, context: BenchmarkContext) async throws -> [Measurement] {
        let cloudPath = context.workDirectory + "/google-cloud.json"
        _ = try EmbeddedIAM.createDemoCloud(at: cloudPath)
        let iam = try EmbeddedIAM(path: cloudPath, clock: context.clock)
        let name = self.name
        let workDirectory = context.workDirectory
        return try await InProcessEmulator.run(iam: iam, clock: context.clock) { baseURL in
            let launch = ServerLaunch.serve(environment: InProcessEmulator.serveEnvironment(baseURL))
            let samples = try await Self.startTimes(launch, times: times, executable: executable, probe: probe, logPrefix: workDirectory + "/serve")
            let (server, _) = try await ServerProcess.startReady(executable, launch, logPath: workDirectory + "/serve-idle.log", probe: probe)
            try? await Task.sleep(for: .seconds(1))
            let idle = (try? server.residentMemory()) ?? 0
            await server.stop()
            return [
                Measurement(
                    section: name, name: "start to first 200 /health/ready, serve on the emulator", nanoseconds: samples, unit: .milliseconds,
                    note: "target < 100 ms; includes the metadata server's answer"
                ),
                Measurement(
                    section: name, name: "resident memory idle, serve on the emulator", median: Double(idle) / 1_048_576,
                    p99: Double(idle) / 1_048_576, unit: "MB", samples: 1, note: "VmRSS; target < 50 MB"
                ),
            ]
        }
    }
}
