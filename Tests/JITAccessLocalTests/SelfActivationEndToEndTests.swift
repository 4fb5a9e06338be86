import Foundation
import JITAccessCore
import JITAccessLocal
import JITAccessRuntime
import Synchronization
import Testing

@Suite("Self-activation on the embedded IAM, end to end")
struct SelfActivationEndToEndTests {
    let prodDb = ResourceName(Fixture.project("prod-db"))

    /// The file as JSON with the policy of `project` removed, to compare everything else.
    func everythingBut(_ project: String, in cloud: TemporaryCloud) throws -> NSDictionary {
        var json = try cloud.json()
        json["projects"] = (json["projects"] as? [[String: Any]])?.map { entry in
            var entry = entry
            if entry["id"] as? String == project { entry["policy"] = nil }
            return entry
        }
        return json as NSDictionary
    }

    @Test func aliceActivatesAJITRoleForThirtyMinutes() async throws {
        let cloud = try TemporaryCloud()
        let iam = try cloud.iam()
        let before = try await iam.policy(of: prodDb)
        let othersBefore = try everythingBut("prod-db", in: cloud)
        let audit = RecordingAuditLog()

        let activation = try await Fixture.engine(iam, audit: audit).activate(Fixture.request("alice", "prod-db", "roles/cloudsql.viewer", justification: "BUG-42"))

        #expect(activation.window == ActivationWindow(start: Fixture.now, minutes: 30))
        let after = try await cloud.iam().policy(of: prodDb)
        #expect(Array(after.bindings.prefix(before.bindings.count)) == before.bindings)
        #expect(after.bindings.dropFirst(before.bindings.count).map { $0 } == [IAMBinding(
            role: "roles/cloudsql.viewer",
            members: ["user:alice@example.com"],
            condition: IAMCondition(
                title: "JIT access activation",
                description: "Self-approved, justification: BUG-42",
                expression: #"(request.time >= timestamp("2024-05-01T12:00:00Z") && request.time < timestamp("2024-05-01T12:30:00Z"))"#
            )
        )])
        #expect(try everythingBut("prod-db", in: cloud) == othersBefore)

        let raw = try #require((try cloud.json()["projects"] as? [[String: Any]])?.first { $0["id"] as? String == "prod-db" })
        let rawBinding = try #require(((raw["policy"] as? [String: Any])?["bindings"] as? [[String: Any]])?.last)
        #expect(Set(rawBinding.keys) == ["role", "members", "condition"])
        #expect(Set((rawBinding["condition"] as? [String: Any])?.keys ?? [:].keys) == ["title", "description", "expression"])

        let entitlements = try await EntitlementCatalog(analyzer: iam, clock: FixedClock(now: Fixture.now.adding(seconds: 60))).entitlements(for: Fixture.user("alice"), on: Fixture.project("prod-db"))
        let viewer = try #require(entitlements.first { $0.id.role == "roles/cloudsql.viewer" })
        #expect(viewer.status == .active)
        #expect(viewer.validUntil == Fixture.now.adding(seconds: 1800))
        #expect(audit.events.count == 1)
    }

    @Test func activatesARoleInheritedFromTheFolderOnTheProject() async throws {
        let cloud = try TemporaryCloud()
        let iam = try cloud.iam()
        let folder = ResourceName(kind: .folder, id: "200000000001")
        let folderBefore = try await iam.policy(of: folder)
        try await _ = Fixture.engine(iam).activate(Fixture.request("dave", "prod-web", "roles/compute.viewer"))
        #expect(try await iam.policy(of: folder) == folderBefore)
        let added = try await iam.policy(of: ResourceName(Fixture.project("prod-web"))).bindings.filter { ActivationCondition($0.condition) != nil }
        #expect(added.map(\.role) == ["roles/compute.viewer"])
        #expect(added.map(\.members) == [["user:dave@example.com"]])
    }

    struct Denied: Sendable, CustomTestStringConvertible {
        let name: String
        let request: SelfActivationRequest
        let message: String
        var testDescription: String { name }
    }

    @Test(arguments: [
        Denied(name: "not eligible", request: Fixture.request("bob", "prod-db", "roles/cloudsql.viewer"), message: "You are not eligible to activate 'roles/cloudsql.viewer' on project 'prod-db'."),
        Denied(name: "MPA role", request: Fixture.request("alice", "prod-db", "roles/cloudsql.admin"), message: "The role 'roles/cloudsql.admin' on project 'prod-db' needs approval by a peer; request it instead of self-activating it."),
        Denied(name: "not eligible with ||", request: Fixture.request("bob", "prod-db", "roles/iam.securityReviewer"), message: "You are not eligible to activate 'roles/iam.securityReviewer' on project 'prod-db'."),
        Denied(name: "wrong resource condition", request: Fixture.request("alice", "prod-web", "roles/storage.objectAdmin"), message: "You are not eligible to activate 'roles/storage.objectAdmin' on project 'prod-web'."),
    ])
    func deniesWithoutTouchingTheFile(_ example: Denied) async throws {
        let cloud = try TemporaryCloud()
        let before = try cloud.bytes
        await #expect(throws: JITAccessError.accessDenied(example.message)) {
            try await Fixture.engine(cloud.iam()).activate(example.request)
        }
        #expect(try cloud.bytes == before)
    }

    @Test func carriesTheResourceConditionOver() async throws {
        let cloud = try TemporaryCloud()
        let condition = #"resource.name.startsWith("projects/_/buckets/prod-web-assets")"#
        let iam = try cloud.iam()
        try await _ = Fixture.engine(iam).activate(Fixture.request("alice", "prod-web", "roles/storage.objectAdmin", resourceCondition: condition, minutes: 5))
        let added = try await iam.policy(of: ResourceName(Fixture.project("prod-web"))).bindings.last
        #expect(added?.condition?.expression == #"((request.time >= timestamp("2024-05-01T12:00:00Z") && request.time < timestamp("2024-05-01T12:05:00Z"))) && (resource.name.startsWith("projects/_/buckets/prod-web-assets"))"#)
    }

    @Test func reactivatingReplacesTheSupersededBinding() async throws {
        let cloud = try TemporaryCloud()
        let iam = try cloud.iam()
        try await _ = Fixture.engine(iam).activate(Fixture.request("alice", "prod-db", "roles/cloudsql.viewer"))
        let later = Fixture.now.adding(seconds: 600)
        try await _ = Fixture.engine(iam, now: later).activate(Fixture.request("alice", "prod-db", "roles/cloudsql.viewer", minutes: 60))
        let activations = try await iam.policy(of: prodDb).bindings.compactMap { ActivationCondition($0.condition) }
        #expect(activations.map(\.window) == [ActivationWindow(start: later, minutes: 60)])
        #expect(try await iam.policy(of: prodDb).bindings.count == 3)
    }
}

@Suite("Embedded IAM: concurrent writers")
struct ConcurrentWriterTests {
    let prodDb = ResourceName(Fixture.project("prod-db"))

    @Test func twoProcessesActivatingAtOnceBothSucceed() async throws {
        let cloud = try TemporaryCloud()
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
        let cloud = try TemporaryCloud()
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
        let cloud = try TemporaryCloud()
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

/// A flag that is set once; `set()` says whether this call set it.
final class Flag: Sendable {
    private let state = Mutex(false)
    func set() -> Bool { state.withLock { value in defer { value = true }; return !value } }
}
