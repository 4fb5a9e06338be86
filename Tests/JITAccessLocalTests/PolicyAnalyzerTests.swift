import Foundation
import JITAccessCore
import JITAccessLocal
import Testing

@Suite("Embedded IAM: Policy Analyzer semantics")
struct PolicyAnalyzerTests {
    let production = ResourceName(kind: .folder, id: "200000000001")
    let organization = ResourceName(kind: .organization, id: "100000000001")

    @Test func findsDirectNestedGroupAndInheritedBindings() async throws {
        let cloud = try CloudFolder()
        let bindings = try await cloud.iam().bindings(for: Fixture.user("alice"), on: Fixture.project("prod-db"))
        let found = bindings.map { "\($0.resource) \($0.binding.role)" }
        #expect(found == [
            "projects/prod-db roles/cloudsql.admin",
            "projects/prod-db roles/cloudsql.viewer",
            "folders/200000000001 roles/compute.viewer",
        ])
    }

    @Test func expandsNestedGroups() async throws {
        let cloud = try CloudFolder()
        let catalog = EntitlementCatalog(analyzer: try cloud.iam(), clock: FixedClock(now: Fixture.now))
        let entitlements = try await catalog.entitlements(for: Fixture.user("bob"), on: Fixture.project("prod-db"))
        #expect(entitlements.map(\.id.role) == ["roles/cloudsql.admin"])
        #expect(entitlements.first?.activationType == .mpa)
    }

    @Test func returnsConditionalBindingsOnlyIncludingNonEligibleOnes() async throws {
        let cloud = try CloudFolder()
        let bindings = try await cloud.iam().bindings(for: Fixture.user("carol"), on: Fixture.project("shared-logs"))
        #expect(bindings.map(\.binding.role) == ["roles/logging.viewer", "roles/iam.securityReviewer"])
        #expect(bindings.last?.resource == organization)
        #expect(!bindings.contains { $0.binding.role == "roles/viewer" })
    }

    @Test func comparesEmailsCaseInsensitively() async throws {
        let cloud = try CloudFolder()
        let upper = try #require(UserId("ALICE@Example.COM"))
        let bindings = try await cloud.iam().bindings(for: upper, on: Fixture.project("prod-db"))
        #expect(bindings.count == 3)
    }

    struct Inheritance: Sendable, CustomTestStringConvertible {
        let name: String
        let json: String
        let projects: [String]
        var testDescription: String { name }
    }

    @Test(arguments: [
        Inheritance(name: "from the organization, via domain", json: Fixture.cloud(organizationPolicy: Fixture.policy(members: ["domain:example.com"])), projects: ["project-one", "project-two"]),
        Inheritance(name: "from the organization, via group", json: Fixture.cloud(organizationPolicy: Fixture.policy(members: ["group:outer@example.com"]), groups: #"[{"email": "outer@example.com", "members": ["group:inner@example.com"]}, {"email": "inner@example.com", "members": ["user:erin@example.com"]}]"#), projects: ["project-one", "project-two"]),
        Inheritance(name: "from the folder", json: Fixture.cloud(folderPolicy: Fixture.policy(members: ["user:erin@example.com"])), projects: ["project-one"]),
        Inheritance(name: "on the project", json: Fixture.cloud(projectPolicy: Fixture.policy(members: ["user:erin@example.com"])), projects: ["project-one"]),
        Inheritance(name: "MPA from the folder", json: Fixture.cloud(folderPolicy: Fixture.policy(members: ["user:erin@example.com"], expression: "has({}.multiPartyApprovalConstraint)")), projects: ["project-one"]),
        Inheritance(name: "not eligible with ||", json: Fixture.cloud(organizationPolicy: Fixture.policy(members: ["user:erin@example.com"], expression: "has({}.jitAccessConstraint) || true")), projects: []),
        Inheritance(name: "not eligible without a condition", json: Fixture.cloud(organizationPolicy: Fixture.policy(members: ["user:erin@example.com"], expression: nil)), projects: []),
        Inheritance(name: "another user's binding", json: Fixture.cloud(organizationPolicy: Fixture.policy(members: ["user:frank@example.com", "domain:other.example"])), projects: []),
    ])
    func findsEligibleProjectsThroughTheHierarchy(_ example: Inheritance) async throws {
        let cloud = try CloudFolder(json: example.json)
        let iam = try cloud.iam()
        let erin = Fixture.user("erin")
        #expect(try await iam.projects(for: erin).map(\.id) == example.projects)
        for project in example.projects {
            let entitlements = try await EntitlementCatalog(analyzer: iam, clock: FixedClock(now: Fixture.now)).entitlements(for: erin, on: Fixture.project(project))
            #expect(entitlements.map(\.id.role) == ["roles/viewer"])
        }
    }

    @Test func listsProjectsPerUser() async throws {
        let cloud = try CloudFolder()
        let iam = try cloud.iam()
        #expect(try await iam.projects(for: Fixture.user("dave")).map(\.id) == ["dev-sandbox", "prod-db", "prod-web"])
        #expect(try await iam.projects(for: Fixture.user("bob")).map(\.id) == ["prod-db", "shared-logs"])
        #expect(try await iam.projects(for: Fixture.user("alice")).map(\.id) == ["dev-sandbox", "prod-db", "prod-web"])
        #expect(try await iam.projects(for: try #require(UserId("mallory@elsewhere.example"))).isEmpty)
    }

    @Test func listsAProjectOnceWhenEligibleAndActiveThere() async throws {
        let cloud = try CloudFolder()
        let iam = try cloud.iam()
        let sandbox = ResourceName(Fixture.project("dev-sandbox"))
        var policy = try await iam.policy(of: sandbox)
        let window = ActivationWindow(start: Fixture.now, minutes: 30)
        policy.bindings.append(IAMBinding(role: "roles/editor", members: ["user:alice@example.com"], condition: ActivationCondition(window: window, resourceCondition: nil).condition(description: "Self-approved, justification: x")))
        try await iam.setPolicy(policy, of: sandbox, reason: "test")
        #expect(try await iam.projects(for: Fixture.user("alice")).map(\.id) == ["dev-sandbox", "prod-db", "prod-web"])
    }

    @Test(arguments: [
        (minutesAgo: 10, minutes: 30, listed: true),
        (minutesAgo: 40, minutes: 30, listed: false),
        (minutesAgo: 30, minutes: 30, listed: false),
    ])
    func listsProjectsWithAnActivationUntilItEnds(minutesAgo: Int, minutes: Int, listed: Bool) async throws {
        let cloud = try CloudFolder()
        let iam = try cloud.iam()
        let sandbox = ResourceName(Fixture.project("dev-sandbox"))
        var policy = try await iam.policy(of: sandbox)
        let window = ActivationWindow(start: Fixture.now.adding(seconds: Int64(-60 * minutesAgo)), minutes: minutes)
        policy.bindings.append(IAMBinding(role: "roles/editor", members: ["user:bob@example.com"], condition: ActivationCondition(window: window, resourceCondition: nil).condition(description: "Approved by alice@example.com, justification: x")))
        try await iam.setPolicy(policy, of: sandbox, reason: "test")
        #expect(try await iam.projects(for: Fixture.user("bob")).contains(Fixture.project("dev-sandbox")) == listed)
        #expect(try await iam.projects(for: Fixture.user("carol")).contains(Fixture.project("dev-sandbox")) == false)
    }

    @Test func anUnknownProjectIsNotFound() async throws {
        let cloud = try CloudFolder()
        await #expect(throws: JITAccessError.notFound("The project 'no-such-project' does not exist.")) {
            try await cloud.iam().bindings(for: Fixture.user("alice"), on: Fixture.project("no-such-project"))
        }
    }

    @Test func seesEditsMadeByHandBetweenReads() async throws {
        let cloud = try CloudFolder()
        let iam = try cloud.iam()
        #expect(try await !iam.projects(for: Fixture.user("bob")).contains(Fixture.project("dev-sandbox")))
        let text = try String(decoding: cloud.bytes, as: UTF8.self)
        try cloud.write(text.replacingOccurrences(of: #""user:alice@example.com",\#n        "user:dave@example.com""#, with: #""user:alice@example.com",\#n        "user:bob@example.com",\#n        "user:dave@example.com""#))
        #expect(try await iam.projects(for: Fixture.user("bob")).contains(Fixture.project("dev-sandbox")))
        #expect(try await iam.bindings(for: Fixture.user("bob"), on: Fixture.project("prod-web")).map(\.binding.role).contains("roles/compute.viewer"))
    }
}
