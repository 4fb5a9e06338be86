import Foundation
import JITAccessCore
import JITAccessLocal
import Synchronization

/// Writes through the embedded IAM: many users self-activating on one project at once, and
/// what one activation costs on the large cloud.
struct WritesSection: BenchmarkSection {
    let name = "writes"
    /// How many users activate at once.
    static let concurrentActivations = 100

    func run(_ context: BenchmarkContext) async throws -> [Measurement] {
        try await [concurrent(context)] + sequentialOnLargeCloud(context)
    }

    /// Every user of a team self-activates the same role on one project at the same moment;
    /// then a fresh read of the file must show each of them exactly once.
    private func concurrent(_ context: BenchmarkContext) async throws -> Measurement {
        let team = try TeamCloud.write(to: context.workDirectory, size: Self.concurrentActivations)
        let iam = try EmbeddedIAM(path: team.path, clock: context.clock)
        let store = ConflictCountingStore(iam)
        let activation = try Self.selfActivation(analyzer: iam, store: store, context: context)
        let entitlement = EntitlementId(project: team.project, role: team.role, resourceCondition: nil)
        var latencies: [Double] = []
        let total = try await Stopwatch.time {
            latencies = try await withThrowingTaskGroup(of: Double.self) { group in
                for user in team.users {
                    group.addTask {
                        try await Stopwatch.time {
                            _ = try await activation.activate(SelfActivationRequest(
                                user: user, project: team.project, entitlements: [entitlement], justification: "bench", minutes: 30
                            ))
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        let landed = try await Self.activatedMembers(path: team.path, project: team.project, role: team.role, context: context)
        let expected = Set(team.users.map(\.principal.member))
        guard landed.count == expected.count, Set(landed) == expected else {
            let lost = expected.subtracting(landed).count
            throw BenchmarkFailure("\(Self.concurrentActivations) concurrent activations: \(landed.count) members written, \(lost) lost, \(landed.count - Set(landed).count) duplicated")
        }
        let rate = Double(Self.concurrentActivations) / (total / 1e9)
        return Measurement(
            section: name, name: "\(Self.concurrentActivations) concurrent self-activations, one project (each)", nanoseconds: latencies, unit: .milliseconds,
            note: String(format: "all %d landed once; %.0f activations/s; %d etag conflicts retried", landed.count, rate, store.conflicts)
        )
    }

    /// One user activating one role at a time on the 100,000-binding cloud: every write
    /// re-reads, splices and replaces a large file. After each write, a second instance (as
    /// another replica would) reads the file that changed under it.
    private func sequentialOnLargeCloud(_ context: BenchmarkContext) async throws -> [Measurement] {
        let cloud = try GeneratedCloud.write(to: context.workDirectory, bindings: context.quick ? 10_000 : 100_000)
        let iam = try EmbeddedIAM(path: cloud.path, clock: context.clock)
        let replica = try EmbeddedIAM(path: cloud.path, clock: context.clock)
        let activation = try Self.selfActivation(analyzer: iam, store: iam, context: context)
        let roles = cloud.selfApprovalRoles
        var writes: [Double] = []
        var reads: [Double] = []
        for round in 0...context.samples(50) {
            let write = try await Stopwatch.time {
                _ = try await activation.activate(SelfActivationRequest(
                    user: cloud.user, project: cloud.project, entitlements: [roles[round % roles.count]], justification: "bench", minutes: 30
                ))
            }
            let read = try await Stopwatch.time { blackHole(try await replica.policy(of: ResourceName(cloud.project))) }
            // The first round warms caches.
            if round > 0 {
                writes.append(write)
                reads.append(read)
            }
        }
        let size = "\(cloud.bindingCount / 1_000)k-binding cloud"
        return [
            Measurement(section: name, name: "self-activation, one role, \(size)", nanoseconds: writes, unit: .milliseconds, note: "one after another, fsync included"),
            Measurement(section: name, name: "another instance's first read after that write, \(size)", nanoseconds: reads, unit: .milliseconds, note: "as a replica sharing the file"),
        ]
    }

    private static func selfActivation(analyzer: any PolicyAnalyzer, store: any PolicyStore, context: BenchmarkContext) throws -> SelfActivation {
        SelfActivation(
            catalog: EntitlementCatalog(analyzer: analyzer, clock: context.clock), store: store,
            rules: try ActivationRules(), audit: DiscardingAuditLog(), retry: .policyWrite(jitter: context.jitter)
        )
    }

    /// The members of the activation bindings for `role`, read by a new instance from disk.
    private static func activatedMembers(path: String, project: ProjectId, role: String, context: BenchmarkContext) async throws -> [String] {
        let policy = try await EmbeddedIAM(path: path, clock: context.clock).policy(of: ResourceName(project))
        return policy.bindings.filter { $0.role == role && ActivationCondition($0.condition) != nil }.flatMap(\.members)
    }
}
