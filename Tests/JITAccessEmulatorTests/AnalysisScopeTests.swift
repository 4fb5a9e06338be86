import Foundation
import HTTPTypes
import HummingbirdTesting
import JITAccessCore
import JITAccessEmulator
import JITAccessLocal
import Testing
import JITAccessTestSupport

@Suite("Cloud Asset analyzeIamPolicy within a folder or organization scope")
struct AnalysisScopeTests {
    /// The demo cloud: Production holds prod-db and prod-web, Development dev-sandbox, and
    /// shared-logs sits directly under the organization.
    static let scopes: [(String, Set<String>)] = [
        ("organizations/100000000001", ["prod-db", "prod-web", "dev-sandbox", "shared-logs"]),
        ("folders/200000000001", ["prod-db", "prod-web"]),
        ("folders/200000000002", ["dev-sandbox"]),
        ("projects/prod-web", ["prod-web"]),
    ]

    @Test("the hierarchy knows the projects below each resource", arguments: scopes)
    func hierarchy(scope: String, projects: Set<String>) throws {
        let cloud = try TemporaryCloud()
        let hierarchy = try cloud.iam.hierarchy()
        let name = try #require(ResourceName(relativeName: scope))
        #expect(Set(hierarchy.projects(under: name).map(\.description)) == projects)
        #expect(try cloud.iam.hierarchy(reusing: hierarchy).parents == hierarchy.parents)
    }

    /// The projects the results of an analysis reach.
    static func projects(in results: [JSONValue]) -> Set<String> {
        Set(results.flatMap { result -> [String] in
            guard case .array(let acls)? = result["accessControlLists"] else { return [] }
            return acls.flatMap { CloudAssetTests.strings($0["resources"], "fullResourceName") }
        }.compactMap { ResourceName(fullName: $0)?.project?.description })
    }

    @Test("a user's analysis covers exactly the projects within the scope where the user holds something", arguments: scopes)
    func byUser(scope: String, within: Set<String>) async throws {
        let fixture = try EmulatorFixture(clock: CloudAssetTests.clock)
        let everywhere = try await fixture.cloud.iam.projects(for: #require(UserId("alice@example.com"))).map(\.description)
        try await fixture.application.test(.router) { client in
            let results = try await CloudAssetTests.results(of: client.call(CloudAssetTests.byUser("alice@example.com", scope: scope), method: .get))
            #expect(Self.projects(in: results) == Set(everywhere).intersection(within))
        }
    }

    @Test("a resource selector outside a folder scope finds nothing; inside it finds the project's holders")
    func resourceOutsideScope() async throws {
        let fixture = try EmulatorFixture(clock: CloudAssetTests.clock)
        try await fixture.application.test(.router) { client in
            for (project, expected) in [("dev-sandbox", false), ("prod-db", true)] {
                let path = CloudAssetTests.analyze("folders/200000000001", [
                    ("analysisQuery.resourceSelector.fullResourceName", "//cloudresourcemanager.googleapis.com/projects/\(project)"),
                    ("analysisQuery.accessSelector.roles", "roles/cloudsql.admin"),
                    ("analysisQuery.options.expandGroups", "true"),
                ])
                let results = try await CloudAssetTests.results(of: client.call(path, method: .get))
                #expect(results.isEmpty != expected, "\(project)")
            }
        }
    }

    @Test("policies outside the scope are not analyzed: a project scope does not see what the project inherits", arguments: [
        ("projects/prod-db", ["//cloudresourcemanager.googleapis.com/projects/prod-db"]),
        ("folders/200000000001", ["//cloudresourcemanager.googleapis.com/folders/200000000001", "//cloudresourcemanager.googleapis.com/projects/prod-db"]),
        ("organizations/100000000001", [
            "//cloudresourcemanager.googleapis.com/folders/200000000001", "//cloudresourcemanager.googleapis.com/organizations/100000000001",
            "//cloudresourcemanager.googleapis.com/projects/prod-db",
        ]),
    ])
    func inheritedPolicies(scope: String, attachedTo: [String]) async throws {
        let fixture = try EmulatorFixture(clock: CloudAssetTests.clock)
        let inherited = try await fixture.cloud.iam.bindings(for: #require(UserId("alice@example.com")), on: #require(ProjectId("prod-db")))
        try #require(Set(inherited.map(\.resource.relativeName)).count > 1, "the demo cloud gives alice bindings on prod-db and above it")
        try await fixture.application.test(.router) { client in
            let path = CloudAssetTests.analyze(scope, [
                ("analysisQuery.identitySelector.identity", "user:alice@example.com"),
                ("analysisQuery.resourceSelector.fullResourceName", "//cloudresourcemanager.googleapis.com/projects/prod-db"),
            ])
            let results = try await CloudAssetTests.results(of: client.call(path, method: .get))
            let attached = Set(results.compactMap { result -> String? in
                guard case .string(let name)? = result["attachedResourceFullName"] else { return nil }
                return name
            })
            let expected = Set(attachedTo).intersection(inherited.map(\.resource.fullName))
            #expect(attached == expected)
        }
    }

    @Test("a folder the file does not have is 400 INVALID_ARGUMENT, as Google answers an unknown scope")
    func unknownFolder() async throws {
        let fixture = try EmulatorFixture(clock: CloudAssetTests.clock)
        try await fixture.application.test(.router) { client in
            let answer = try await client.call(CloudAssetTests.byUser("alice@example.com", scope: "folders/999"), method: .get)
            #expect(answer.status == .badRequest)
        }
    }
}
