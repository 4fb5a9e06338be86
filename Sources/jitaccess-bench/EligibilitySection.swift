import Foundation
import JITAccessCore
import JITAccessLocal

/// Eligibility on generated clouds of growing size: what the service asks the embedded IAM
/// for on every page, and how long the file takes to load.
struct EligibilitySection: BenchmarkSection {
    let name = "eligibility"

    func run(_ context: BenchmarkContext) async throws -> [Measurement] {
        var measurements: [Measurement] = []
        for size in GeneratedCloud.sizes {
            let folder = context.workDirectory + "/\(size)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let cloud = try GeneratedCloud.write(to: folder, bindings: size)
            measurements += try await measure(cloud, context)
        }
        return measurements
    }

    private func measure(_ cloud: GeneratedCloud, _ context: BenchmarkContext) async throws -> [Measurement] {
        let label = "\(cloud.bindingCount / 1_000)k bindings"
        let megabytes = Double((try? FileManager.default.attributesOfItem(atPath: cloud.path)[.size] as? Int) ?? 0) / 1_048_576
        let load = try Stopwatch.samples(count: context.samples(cloud.bindingCount >= 100_000 ? 10 : 30)) {
            blackHole(try EmbeddedIAM(path: cloud.path, clock: context.clock))
        }
        let iam = try EmbeddedIAM(path: cloud.path, clock: context.clock)
        let catalog = EntitlementCatalog(analyzer: iam, clock: context.clock)
        let users = [cloud.user] + cloud.otherUsers
        var next = 0
        let projects = try await Stopwatch.samples(count: context.samples(2_000)) {
            next += 1
            blackHole(try await catalog.projects(for: users[next % users.count]))
        }
        let roles = try await Stopwatch.samples(count: context.samples(5_000)) {
            blackHole(try await catalog.entitlements(for: cloud.user, on: cloud.project))
        }
        // Beyond the planted user: other users, each on a project where they may activate something.
        var pairs: [(UserId, ProjectId)] = []
        for user in cloud.otherUsers {
            if let project = try await catalog.projects(for: user).first { pairs.append((user, project)) }
        }
        guard !pairs.isEmpty else { throw BenchmarkFailure("no other user of the generated cloud may activate anything") }
        var pair = 0
        let otherRoles = try await Stopwatch.samples(count: context.samples(5_000)) {
            pair += 1
            let (user, project) = pairs[pair % pairs.count]
            blackHole(try await catalog.entitlements(for: user, on: project))
        }
        let available = try await catalog.entitlements(for: cloud.user, on: cloud.project)
        let peers = try await Stopwatch.samples(count: context.samples(2_000)) {
            blackHole(try await catalog.qualifiedPeers(for: cloud.peerApprovalRole, excluding: cloud.user))
        }
        let peerCount = try await catalog.qualifiedPeers(for: cloud.peerApprovalRole, excluding: cloud.user).count
        return [
            Measurement(section: name, name: "load cloud file, \(label)", nanoseconds: load, unit: .milliseconds, note: String(format: "%.1f MB", megabytes)),
            Measurement(section: name, name: "a user's projects, \(label)", nanoseconds: projects, unit: .microseconds, note: "21 users in turn"),
            Measurement(section: name, name: "a project's roles for a user, \(label)", nanoseconds: roles, unit: .microseconds, note: "\(available.count) entitlements"),
            Measurement(section: name, name: "a project's roles for other users, \(label)", nanoseconds: otherRoles, unit: .microseconds, note: "\(pairs.count) users in turn"),
            Measurement(section: name, name: "an entitlement's peers, \(label)", nanoseconds: peers, unit: .microseconds, note: "\(peerCount) peers"),
        ]
    }
}
