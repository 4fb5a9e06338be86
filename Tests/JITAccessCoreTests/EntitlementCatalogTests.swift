import Foundation
import JITAccessCore
import Testing

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
        #expect(entitlements.map(\.activationType) == [.notEligible])
        #expect(entitlements.map(\.status) == [.active])
    }
}
