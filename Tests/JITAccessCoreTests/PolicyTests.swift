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
