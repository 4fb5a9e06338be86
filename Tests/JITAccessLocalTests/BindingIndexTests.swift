import JITAccessCore
@testable import JITAccessLocal
import Testing

/// Replacing one resource's policy in the index gives the index a fresh build gives.
@Suite("Binding index: replacing a policy")
struct BindingIndexTests {
    static let project = ResourceName(Fixture.project("project-one"))
    static let folder = ResourceName(kind: .folder, id: "200000000001")
    static let groups = [Principal(kind: .group, identifier: "dbas@example.com"): [Principal(kind: .user, identifier: "erin@example.com")]]

    static func eligible(_ members: [String], role: String = "roles/viewer") -> IAMBinding {
        IAMBinding(role: role, members: members, condition: IAMCondition(title: "Eligible", expression: "has({}.jitAccessConstraint)"))
    }

    static func activation(_ members: [String], minutes: Int = 30, role: String = "roles/viewer") -> IAMBinding {
        let condition = ActivationCondition(window: ActivationWindow(start: Fixture.now, minutes: minutes), resourceCondition: nil)
        return IAMBinding(role: role, members: members, condition: condition.condition(description: "test"))
    }

    static let unconditional = IAMBinding(role: "roles/browser", members: ["user:frank@example.com"])

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let old: IAMPolicy?
        let new: IAMPolicy?
        var testDescription: String { name }
    }

    static let frankEligible = IAMPolicy(bindings: [eligible(["user:frank@example.com"])])

    @Test(arguments: [
        Case(name: "the same policy", old: frankEligible, new: frankEligible),
        Case(name: "the only eligible binding removed", old: frankEligible, new: IAMPolicy()),
        Case(name: "the policy removed", old: frankEligible, new: nil),
        Case(name: "a first policy", old: nil, new: frankEligible),
        Case(name: "the last eligible binding of a user removed", old: IAMPolicy(bindings: [eligible(["user:erin@example.com"])]), new: IAMPolicy()),
        Case(name: "eligibility moved to another user", old: frankEligible, new: IAMPolicy(bindings: [eligible(["user:erin@example.com"])])),
        Case(name: "one of two eligible bindings of a user removed", old: IAMPolicy(bindings: [eligible(["user:frank@example.com"]), eligible(["user:frank@example.com"], role: "roles/editor")]), new: frankEligible),
        Case(name: "a binding moved to another position", old: IAMPolicy(bindings: [unconditional, eligible(["user:frank@example.com", "group:dbas@example.com"])]), new: IAMPolicy(bindings: [eligible(["user:frank@example.com", "group:dbas@example.com"]), unconditional])),
        Case(name: "an activation added", old: frankEligible, new: IAMPolicy(bindings: frankEligible.bindings + [activation(["user:frank@example.com"])])),
        Case(name: "the only activation removed", old: IAMPolicy(bindings: [activation(["user:frank@example.com"])]), new: IAMPolicy()),
        Case(name: "one of two activations with the same end removed", old: IAMPolicy(bindings: [activation(["user:frank@example.com"]), activation(["user:frank@example.com"], role: "roles/editor")]), new: IAMPolicy(bindings: [activation(["user:frank@example.com"])])),
        Case(name: "an activation replaced by a longer one", old: IAMPolicy(bindings: [activation(["user:frank@example.com"])]), new: IAMPolicy(bindings: [activation(["user:frank@example.com"], minutes: 60)])),
    ])
    func replacingAPolicyGivesWhatAFreshBuildGives(_ example: Case) {
        let folderPolicy = IAMPolicy(bindings: [Self.eligible(["user:frank@example.com"])])
        var index = BindingIndex(groupMembers: Self.groups, policies: [(Self.folder, folderPolicy), (Self.project, example.old)])
        index.replace(example.old, with: example.new, of: Self.project)
        #expect(index == BindingIndex(groupMembers: Self.groups, policies: [(Self.folder, folderPolicy), (Self.project, example.new)]))
    }

    @Test func aResourceWhoseLastEligibleBindingLeftIsNoLongerEligible() {
        var index = BindingIndex(groupMembers: [:], policies: [(Self.project, Self.frankEligible)])
        let frank = [Principal(kind: .user, identifier: "frank@example.com")]
        #expect(index.eligibleResources(for: frank) == [Self.project])
        index.replace(Self.frankEligible, with: IAMPolicy(bindings: [Self.unconditional]), of: Self.project)
        #expect(index.eligibleResources(for: frank).isEmpty)
        #expect(index.positions(on: Self.project, naming: frank).isEmpty)
    }
}
