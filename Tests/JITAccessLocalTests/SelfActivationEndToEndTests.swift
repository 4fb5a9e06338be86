import Foundation
import JITAccessCore
import JITAccessLocal
import JITAccessRuntime
import JITAccessTestSupport
import Synchronization
import Testing

@Suite("Self-activation on the embedded IAM, end to end")
struct SelfActivationEndToEndTests {
    let prodDb = ResourceName(Fixture.project("prod-db"))

    /// The file as JSON with the policy of `project` removed, to compare everything else.
    func everythingBut(_ project: String, in cloud: CloudFolder) throws -> NSDictionary {
        var json = try cloud.json()
        json["projects"] = (json["projects"] as? [[String: Any]])?.map { entry in
            var entry = entry
            if entry["id"] as? String == project { entry["policy"] = nil }
            return entry
        }
        return json as NSDictionary
    }

    @Test func aliceActivatesAJITRoleForThirtyMinutes() async throws {
        let cloud = try CloudFolder()
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
        let cloud = try CloudFolder()
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
        let cloud = try CloudFolder()
        let before = try cloud.bytes
        await #expect(throws: JITAccessError.accessDenied(example.message)) {
            try await Fixture.engine(cloud.iam()).activate(example.request)
        }
        #expect(try cloud.bytes == before)
    }

    @Test func carriesTheResourceConditionOver() async throws {
        let cloud = try CloudFolder()
        let condition = #"resource.name.startsWith("projects/_/buckets/prod-web-assets")"#
        let iam = try cloud.iam()
        try await _ = Fixture.engine(iam).activate(Fixture.request("alice", "prod-web", "roles/storage.objectAdmin", resourceCondition: condition, minutes: 5))
        let added = try await iam.policy(of: ResourceName(Fixture.project("prod-web"))).bindings.last
        #expect(added?.condition?.expression == #"((request.time >= timestamp("2024-05-01T12:00:00Z") && request.time < timestamp("2024-05-01T12:05:00Z"))) && (resource.name.startsWith("projects/_/buckets/prod-web-assets"))"#)
    }

    @Test func reactivatingReplacesTheSupersededBinding() async throws {
        let cloud = try CloudFolder()
        let iam = try cloud.iam()
        try await _ = Fixture.engine(iam).activate(Fixture.request("alice", "prod-db", "roles/cloudsql.viewer"))
        let later = Fixture.now.adding(seconds: 600)
        try await _ = Fixture.engine(iam, now: later).activate(Fixture.request("alice", "prod-db", "roles/cloudsql.viewer", minutes: 60))
        let activations = try await iam.policy(of: prodDb).bindings.compactMap { ActivationCondition($0.condition) }
        #expect(activations.map(\.window) == [ActivationWindow(start: later, minutes: 60)])
        #expect(try await iam.policy(of: prodDb).bindings.count == 3)
    }
}
