import Foundation
import JITAccessCore
import Testing

@Suite("Policies")
struct PolicyTests {
    @Test func keepsFieldsItDoesNotKnow() throws {
        let json = #"""
        {"version":3,"etag":"BwX1","auditConfigs":[{"service":"allServices","auditLogConfigs":[{"logType":"DATA_READ"}]}],
         "bindings":[{"role":"roles/viewer","members":["user:a@example.com"],"futureField":{"x":[1,2.5,true,null]},
                      "condition":{"title":"t","expression":"a","location":{"line":1}}}]}
        """#
        let policy = try JSONDecoder().decode(IAMPolicy.self, from: Data(json.utf8))
        let encoded = try JSONEncoder().encode(policy)
        let original = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! NSDictionary
        let roundTripped = try JSONSerialization.jsonObject(with: encoded) as! NSDictionary
        #expect(original == roundTripped)
    }

    @Test func addingAGrantRemovesOnlyExpiredAndSupersededActivationsOfTheSameMemberAndRole() throws {
        // Superseded: same member, role and resource condition, ending no later than the new one.
        let now = Sample.now
        let unrelated = IAMBinding(role: "roles/viewer", members: ["user:alice@example.com"])
        let eligible = Sample.eligible("roles/cloudsql.viewer")
        let expired = Sample.activation("roles/cloudsql.viewer", start: now.adding(seconds: -7200), minutes: 60)
        let superseded = Sample.activation("roles/cloudsql.viewer", start: now.adding(seconds: -60), minutes: 60)
        let endsLater = Sample.activation("roles/cloudsql.viewer", start: now.adding(seconds: -120), minutes: 180)
        let otherCondition = Sample.activation("roles/cloudsql.viewer", start: now.adding(seconds: -60), minutes: 60, resourceCondition: "a == b")
        let otherMember = Sample.activation("roles/cloudsql.viewer", member: "user:bob@example.com", start: now.adding(seconds: -7200), minutes: 60)
        let otherRole = Sample.activation("roles/editor", start: now.adding(seconds: -7200), minutes: 60)
        var shared = Sample.activation("roles/cloudsql.viewer", start: now.adding(seconds: -7200), minutes: 60)
        shared.members.append("user:carol@example.com")
        let lookalike = IAMBinding(role: "roles/cloudsql.viewer", members: ["user:alice@example.com"], condition: IAMCondition(title: "Not an activation", expression: expired.condition!.expression))
        let policy = IAMPolicy(etag: "e", bindings: [unrelated, eligible, expired, superseded, endsLater, otherCondition, otherMember, otherRole, shared, lookalike], extra: ["auditConfigs": .array([])])

        let grant = TemporaryGrant(member: Sample.alice.principal, role: "roles/cloudsql.viewer", condition: ActivationCondition(window: ActivationWindow(start: now, minutes: 90), resourceCondition: nil))
        let updated = policy.adding([grant], description: "Self-approved, justification: new", now: now)

        var sharedWithoutAlice = shared
        sharedWithoutAlice.members = ["user:carol@example.com"]
        let added = IAMBinding(role: "roles/cloudsql.viewer", members: ["user:alice@example.com"], condition: grant.condition.condition(description: "Self-approved, justification: new"))
        #expect(updated.bindings == [unrelated, eligible, endsLater, otherCondition, otherMember, otherRole, sharedWithoutAlice, lookalike, added], "never shortens endsLater")
        #expect(updated.extra == policy.extra)
        #expect(updated.etag == "e")
    }
}

@Suite("Entitlement catalog")
struct EntitlementCatalogTests {
    func scoped(_ bindings: [IAMBinding], on resource: ResourceName = ResourceName(Sample.project)) -> [ScopedBinding] {
        bindings.map { ScopedBinding(resource: resource, binding: $0) }
    }

    @Test func jitWinsOverMPAForTheSameRole() {
        let bindings = scoped([
            Sample.eligible("roles/a", "has({}.multiPartyApprovalConstraint)"),
            Sample.eligible("roles/a"),
            Sample.eligible("roles/b"),
            Sample.eligible("roles/b", "has({}.multiPartyApprovalConstraint)"),
            Sample.eligible("roles/c", "has({}.multiPartyApprovalConstraint)"),
        ])
        let entitlements = EntitlementCatalog.entitlements(from: bindings, user: Sample.alice, project: Sample.project, now: Sample.now)
        #expect(entitlements.map(\.name) == ["roles/a", "roles/b", "roles/c"])
        #expect(entitlements.map(\.activationType) == [.jit, .jit, .mpa])
    }

    @Test func activeOnlyWhileTheWindowLasts() {
        let now = Sample.now
        let bindings = scoped([
            Sample.eligible("roles/active"),
            Sample.activation("roles/active", start: now.adding(seconds: -60), minutes: 30),
            Sample.eligible("roles/expired"),
            Sample.activation("roles/expired", start: now.adding(seconds: -3600), minutes: 30),
            Sample.eligible("roles/future"),
            Sample.activation("roles/future", start: now.adding(seconds: 60), minutes: 30),
        ])
        let entitlements = EntitlementCatalog.entitlements(from: bindings, user: Sample.alice, project: Sample.project, now: now)
        #expect(entitlements.map(\.status) == [.active, .inactive, .inactive])
        #expect(entitlements[0].validUntil == now.adding(seconds: 29 * 60))
    }

    @Test func activationsMatchTheirResourceCondition() {
        let now = Sample.now
        let bindings = scoped([
            Sample.eligible("roles/x", "has({}.jitAccessConstraint) && a > b"),
            Sample.eligible("roles/x", "has({}.jitAccessConstraint) && a < b"),
            Sample.activation("roles/x", start: now, minutes: 5, resourceCondition: "(a>b)"),
        ])
        let entitlements = EntitlementCatalog.entitlements(from: bindings, user: Sample.alice, project: Sample.project, now: now)
        #expect(entitlements.count == 2)
        #expect(entitlements.first { $0.id.resourceCondition?.expression == "a > b" }?.status == .active)
        #expect(entitlements.first { $0.id.resourceCondition?.expression == "a < b" }?.status == .inactive)
    }

    @Test func activationsOnlyCountOnTheProjectAndForTheUser() {
        let now = Sample.now
        let folder = ResourceName(kind: .folder, id: "1")
        let bindings = scoped([Sample.eligible("roles/x")])
            + scoped([Sample.activation("roles/x", start: now, minutes: 5)], on: folder)
            + scoped([Sample.activation("roles/x", member: "group:team@example.com", start: now, minutes: 5)])
        let entitlements = EntitlementCatalog.entitlements(from: bindings, user: Sample.alice, project: Sample.project, now: now)
        #expect(entitlements.map(\.status) == [.inactive])
    }

    @Test func anActivationWithoutEligibilityIsShownButCannotBeRenewed() {
        let bindings = scoped([Sample.activation("roles/x", start: Sample.now, minutes: 5)])
        let entitlements = EntitlementCatalog.entitlements(from: bindings, user: Sample.alice, project: Sample.project, now: Sample.now)
        #expect(entitlements.map(\.activationType) == [.none])
        #expect(entitlements.map(\.status) == [.active])
    }
}
