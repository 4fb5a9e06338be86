import JITAccessCore
import JITAccessLocal
import Testing

@Suite("Embedded IAM: role holders and qualified peers")
struct RoleHolderTests {
    @Test func expandsNestedGroupsAndInheritance() async throws {
        let cloud = try CloudFolder()
        let holders = try await cloud.iam().holders(of: "roles/cloudsql.admin", on: Fixture.project("prod-db"))
        #expect(Set(holders.map(\.user.email)) == ["alice@example.com", "bob@example.com", "carol@example.com"])
        #expect(holders.allSatisfy { $0.binding.resource == ResourceName(Fixture.project("prod-db")) })

        let inherited = try await cloud.iam().holders(of: "roles/compute.viewer", on: Fixture.project("prod-web"))
        #expect(Set(inherited.map(\.user.email)) == ["alice@example.com", "dave@example.com"])
        #expect(inherited.allSatisfy { $0.binding.resource == ResourceName(kind: .folder, id: "200000000001") })
    }

    @Test func qualifiedPeersNeverIncludeTheRequester() async throws {
        let cloud = try CloudFolder()
        let catalog = EntitlementCatalog(analyzer: try cloud.iam(), clock: FixedClock(now: Fixture.now))
        let entitlement = EntitlementId(project: Fixture.project("prod-db"), role: "roles/cloudsql.admin", resourceCondition: nil)
        #expect(try await catalog.qualifiedPeers(for: entitlement, excluding: Fixture.user("alice")).map(\.email) == ["bob@example.com", "carol@example.com"])
        #expect(try await catalog.qualifiedPeers(for: entitlement, excluding: Fixture.user("bob")).map(\.email) == ["alice@example.com", "carol@example.com"])
    }

    @Test func peersMustHoldTheSameResourceCondition() async throws {
        let cloud = try CloudFolder(json: Fixture.cloud(projectPolicy: """
        {"bindings": [
          {"role": "roles/x", "members": ["user:erin@example.com", "user:frank@example.com"], "condition": {"title": "e", "expression": "has({}.multiPartyApprovalConstraint) && a > b"}},
          {"role": "roles/x", "members": ["user:gina@example.com"], "condition": {"title": "e", "expression": "has({}.multiPartyApprovalConstraint) && a < b"}}
        ]}
        """))
        let catalog = EntitlementCatalog(analyzer: try cloud.iam(), clock: FixedClock(now: Fixture.now))
        let entitlement = EntitlementId(project: Fixture.project("project-one"), role: "roles/x", resourceCondition: ResourceCondition("a>b"))
        #expect(try await catalog.qualifiedPeers(for: entitlement, excluding: Fixture.user("erin")).map(\.email) == ["frank@example.com"])
    }

    @Test func anUnknownProjectIsNotFound() async throws {
        let cloud = try CloudFolder()
        await #expect(throws: JITAccessError.self) { _ = try await cloud.iam().holders(of: "roles/x", on: Fixture.project("no-such-project")) }
    }
}
