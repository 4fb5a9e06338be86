import Foundation
import JITAccessCore
import JITAccessLocal
import JITAccessRuntime
import JITAccessTestSupport
import Testing

@Suite("Embedded IAM: concurrent writers")
struct ConcurrentWriterTests {
    let prodDb = ResourceName(Fixture.project("prod-db"))

    @Test func twoProcessesActivatingAtOnceBothSucceed() async throws {
        let cloud = try CloudFolder()
        let first = try cloud.iam()
        let second = try cloud.iam()
        async let alice = Fixture.engine(first).activate(Fixture.request("alice", "prod-db", "roles/cloudsql.viewer"))
        async let dave = Fixture.engine(second).activate(Fixture.request("dave", "prod-db", "roles/compute.viewer"))
        _ = try await (alice, dave)
        let activations = try await cloud.iam().policy(of: prodDb).bindings.filter { ActivationCondition($0.condition) != nil }
        #expect(Set(activations.map { "\($0.members[0]) \($0.role)" }) == ["user:alice@example.com roles/cloudsql.viewer", "user:dave@example.com roles/compute.viewer"])
        #expect(activations.count == 2)
    }

    /// A store that lets another process write just before this one's first write, so the
    /// etag conflict and the retry happen on every run.
    struct InterleavedStore: PolicyStore {
        let iam: EmbeddedIAM
        let interloper: @Sendable () async throws -> Void
        let interfered = Flag()

        func policy(of resource: ResourceName) async throws -> IAMPolicy { try await iam.policy(of: resource) }

        func setPolicy(_ policy: IAMPolicy, of resource: ResourceName, reason: String) async throws -> IAMPolicy {
            if interfered.set() { try await interloper() }
            return try await iam.setPolicy(policy, of: resource, reason: reason)
        }
    }

    @Test func anEtagConflictIsRetriedAndNothingIsLost() async throws {
        let cloud = try CloudFolder()
        let first = try cloud.iam()
        let second = try cloud.iam()
        let audit = RecordingAuditLog()
        let store = InterleavedStore(iam: first) {
            _ = try await Fixture.engine(second).activate(Fixture.request("dave", "prod-db", "roles/compute.viewer"))
        }
        let engine = SelfActivation(
            catalog: EntitlementCatalog(analyzer: first, clock: FixedClock(now: Fixture.now)),
            store: store,
            rules: try ActivationRules(),
            audit: audit,
            retry: Backoff(maxAttempts: 3, initialDelay: .milliseconds(1), maxDelay: .milliseconds(2), jitter: SystemJitter())
        )
        _ = try await engine.activate(Fixture.request("alice", "prod-db", "roles/cloudsql.viewer"))
        let roles = try await cloud.iam().policy(of: prodDb).bindings.filter { ActivationCondition($0.condition) != nil }.map(\.role)
        #expect(roles == ["roles/compute.viewer", "roles/cloudsql.viewer"])
    }

    @Test func fiftyConcurrentUpdatesAcrossTwoInstancesAllLandOnce() async throws {
        let cloud = try CloudFolder()
        let instances = [try cloud.iam(), try cloud.iam()]
        let retry = Backoff(maxAttempts: 500, initialDelay: .milliseconds(1), maxDelay: .milliseconds(20), jitter: SystemJitter())
        let window = ActivationWindow(start: Fixture.now, minutes: 30)
        let members = (0..<50).map { Principal(kind: .user, identifier: "user\($0)@example.com") }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, member) in members.enumerated() {
                let update = PolicyUpdate(store: instances[index % 2], retry: retry, clock: FixedClock(now: Fixture.now))
                group.addTask {
                    let grant = TemporaryGrant(member: member, role: "roles/viewer", condition: ActivationCondition(window: window, resourceCondition: nil))
                    try await update.apply([grant], description: "Self-approved, justification: load", to: ResourceName(Fixture.project("prod-db")))
                }
            }
            try await group.waitForAll()
        }
        let bindings = try await cloud.iam().policy(of: prodDb).bindings.filter { $0.role == "roles/viewer" }
        #expect(bindings.flatMap(\.members).sorted() == members.map(\.member).sorted())
        #expect(bindings.count == 50)
    }
}
