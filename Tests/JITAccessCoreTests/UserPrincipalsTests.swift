import JITAccessCore
import Testing

@Suite("The principals of a user: which members of a binding name them")
struct UserPrincipalsTests {
    let principals = UserPrincipals(user: Sample.alice, groups: ["DBAs@Example.com", "oncall@example.com"])

    @Test(arguments: [
        ("user:alice@example.com", true),
        ("user:ALICE@example.com", true),
        ("group:dbas@example.com", true),
        ("group:oncall@EXAMPLE.com", true),
        ("domain:example.com", true),
        ("domain:Example.COM", true),
        ("user:bob@example.com", false),
        ("group:others@example.com", false),
        ("domain:example.org", false),
        ("domain:ample.com", false),
        ("serviceAccount:alice@example.com", false),
        ("deleted:user:alice@example.com?uid=123456789012345678901", false),
        ("principalSet://iam.googleapis.com/locations/global/workforcePools/staff/group/dbas@example.com", false),
        ("principal://iam.googleapis.com/locations/global/workforcePools/staff/subject/alice@example.com", false),
        ("allUsers", false),
        ("allAuthenticatedUsers", false),
    ])
    func namesTheUserTheirDomainAndTheirGroupsOnly(member: String, named: Bool) {
        #expect(principals.named(in: IAMBinding(role: "roles/browser", members: [member])) == named)
    }

    @Test func keepsConditionalBindingsThatNameTheUserInOrder() {
        let eligible = Sample.eligible("roles/browser", members: ["group:dbas@example.com"])
        let unconditional = IAMBinding(role: "roles/viewer", members: ["user:alice@example.com"])
        let others = Sample.eligible("roles/owner", members: ["user:bob@example.com"])
        let folder = ResourceName(kind: .folder, id: "200")
        let found = principals.conditionalBindings(in: [
            (ResourceName(Sample.project), IAMPolicy(bindings: [unconditional, eligible, others])),
            (folder, IAMPolicy(bindings: [Sample.eligible("roles/editor", members: ["domain:example.com"])])),
        ])
        #expect(found.map(\.binding.role) == ["roles/browser", "roles/editor"])
        #expect(found.map(\.resource) == [ResourceName(Sample.project), folder])
    }
}
