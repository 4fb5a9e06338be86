import JITAccessCore
import Testing

@Suite("Principals, resources and entitlement ids")
struct PrincipalAndResourceTests {
    @Test func emailsCompareCaseInsensitively() throws {
        let upper = try #require(UserId("Alice@Example.COM"))
        let lower = try #require(UserId("alice@example.com"))
        #expect(upper == lower)
        #expect(upper.principal == Principal(member: "user:ALICE@example.com"))
        #expect(upper.domain == "example.com")
    }

    @Test(arguments: ["", "alice", "@example.com", "alice@", "alice@example", "a b@example.com", "alice@example.com\r\nX-Evil: 1", "<script>@x.com", "alice@@example.com", "alice@.com"])
    func rejectsMalformedAddresses(text: String) {
        #expect(UserId(text) == nil)
    }

    @Test(arguments: [
        ("  alice@example.com\t", "alice@example.com"),
        ("Zoë@Example.com", "zoë@example.com"),
        ("\u{00A0}bob@example.com", "bob@example.com"),
    ])
    func acceptsAddressesWithSurroundingSpaceOrBeyondASCII(text: String, email: String) {
        #expect(UserId(text)?.email == email)
    }

    @Test(arguments: [
        "zoë <zoe@example.com>", "zoë@exa mple.com", "zoë@example.com\u{2028}x", "zoë\u{7F}@example.com",
        // Characters hidden inside a grapheme, and invisible ones: checked scalar by scalar.
        "x\u{600}<b>@evil.example", "a\"\u{301}@example.com", "al\u{200B}ice@example.com", "zoë\u{202E}@example.com", "bob\u{E000}@example.com",
    ])
    func rejectsMalformedAddressesBeyondASCII(text: String) {
        #expect(UserId(text) == nil)
    }

    @Test func parsesMembers() {
        #expect(Principal(member: "group:Admins@Example.com")?.kind == .group)
        #expect(Principal(member: "group:Admins@Example.com")?.identifier == "admins@example.com")
        #expect(Principal(member: "domain:example.com")?.kind == .domain)
        #expect(Principal(member: "deleted:user:x@example.com?uid=1")?.member == "deleted:user:x@example.com?uid=1")
        #expect(Principal(member: "allUsers") == nil)
    }

    @Test(arguments: [
        ("//cloudresourcemanager.googleapis.com/projects/prod-db", "projects/prod-db"),
        ("//cloudresourcemanager.googleapis.com/folders/123", "folders/123"),
        ("//cloudresourcemanager.googleapis.com/organizations/1", "organizations/1"),
    ])
    func parsesFullResourceNames(full: String, relative: String) throws {
        let name = try #require(ResourceName(fullName: full))
        #expect(name.relativeName == relative)
        #expect(name.fullName == full)
    }

    @Test(arguments: ["//cloudresourcemanager.googleapis.com/projects/UPPER", "//cloudresourcemanager.googleapis.com/folders/abc", "projects/prod-db", "//other.googleapis.com/projects/prod-db", "//cloudresourcemanager.googleapis.com/projects/prod-db/extra"])
    func rejectsOtherNames(text: String) {
        #expect(ResourceName(fullName: text) == nil)
    }

    @Test(arguments: ["prod-db", "example.com:prod-db", "a12345"])
    func acceptsProjectIds(text: String) {
        #expect(ProjectId(text)?.id == text)
    }

    @Test(arguments: ["short", "Prod-db", "1project", "project-", "../etc/passwd", "prod db", String(repeating: "a", count: 31), "prod-db%2F"])
    func rejectsProjectIds(text: String) {
        #expect(ProjectId(text) == nil)
    }

    @Test func entitlementIdsRoundTrip() throws {
        let project = try #require(ProjectId("prod-db"))
        let plain = EntitlementId(project: project, role: "roles/cloudsql.viewer", resourceCondition: nil)
        #expect(plain.description == "prod-db:roles/cloudsql.viewer")
        #expect(EntitlementId(plain.description) == plain)
        let conditional = EntitlementId(project: project, role: "projects/prod-db/roles/custom.role", resourceCondition: ResourceCondition("resource.name.startsWith(\"x\")"))
        #expect(EntitlementId(conditional.description) == conditional)
        let scoped = EntitlementId(project: try #require(ProjectId("example.com:prod-db")), role: "roles/viewer", resourceCondition: nil)
        #expect(EntitlementId(scoped.description) == scoped)
    }

    @Test(arguments: ["", "prod-db", "prod-db:", "prod-db:viewer", "prod-db:roles/", "prod-db:roles/x:!!!", "prod-db:roles/x:YQ:extra", ":roles/x", "prod-db:roles/x y"])
    func rejectsMalformedEntitlementIds(text: String) {
        #expect(EntitlementId(text) == nil)
    }
}
