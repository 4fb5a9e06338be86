import AsyncHTTPClient
import JITAccessCore
import JITAccessGoogle
import JITAccessLocal
import JITAccessRuntime
import Testing
import JITAccessTestSupport

@Suite("Cloud Asset analyzer against the emulator")
struct CloudAssetAnalyzerTests {
    static let scope = ResourceName(kind: .organization, id: "100000000001")
    static let users = ["alice@example.com", "bob@example.com", "carol@example.com", "dave@example.com", "nobody@example.com"]
    static let projects = ["prod-db", "prod-web", "dev-sandbox"]

    static func analyzer(_ baseURL: String) -> CloudAssetAnalyzer {
        CloudAssetAnalyzer(
            scope: scope, endpoints: GoogleEndpoints(cloudAsset: baseURL), client: .shared, credentials: emulatorCredentials(baseURL),
            clock: SystemWallClock(), retry: shortGoogleRetry(), logger: quietLogger
        )
    }

    @Test("a user's projects are those the embedded IAM finds", arguments: users)
    func projects(user: String) async throws {
        let cloud = try EmulatedCloud()
        let id = try #require(UserId(user))
        let expected = try await cloud.iam.projects(for: id)
        let found = try await cloud.withEmulatorURL { baseURL in try await Self.analyzer(baseURL).projects(for: id) }
        #expect(found == expected)
    }

    @Test("a user's conditional bindings on a project are those the embedded IAM finds", arguments: users)
    func bindings(user: String) async throws {
        let cloud = try EmulatedCloud()
        let id = try #require(UserId(user))
        for project in Self.projects {
            let projectId = try #require(ProjectId(project))
            let expected = try await cloud.iam.bindings(for: id, on: projectId)
            let found = try await cloud.withEmulatorURL { baseURL in try await Self.analyzer(baseURL).bindings(for: id, on: projectId) }
            #expect(Set(found.map { "\($0.resource) \($0.binding.role) \($0.binding.members)" }) == Set(expected.map { "\($0.resource) \($0.binding.role) \($0.binding.members)" }))
        }
    }

    @Test("the holders of a role, groups expanded, are those the embedded IAM finds", arguments: [
        ("roles/cloudsql.admin", "prod-db"), ("roles/compute.viewer", "prod-web"), ("roles/owner", "dev-sandbox"),
    ])
    func holders(role: String, project: String) async throws {
        let cloud = try EmulatedCloud()
        let projectId = try #require(ProjectId(project))
        let expected = try await cloud.iam.holders(of: role, on: projectId)
        let found = try await cloud.withEmulatorURL { baseURL in try await Self.analyzer(baseURL).holders(of: role, on: projectId) }
        #expect(Set(found.map { "\($0.user) \($0.binding.resource)" }) == Set(expected.map { "\($0.user) \($0.binding.resource)" }))
        #expect(!found.isEmpty)
    }

    @Test("within a folder or organization scope, a user's projects are those under it", arguments: [
        ("organizations/100000000001", ["prod-db", "prod-web", "dev-sandbox", "shared-logs"]),
        ("folders/200000000001", ["prod-db", "prod-web"]),
        ("folders/200000000002", ["dev-sandbox"]),
    ] as [(String, Set<String>)])
    func scopedProjects(scope: String, under: Set<String>) async throws {
        let cloud = try EmulatedCloud()
        let scopeName = try #require(ResourceName(relativeName: scope))
        for user in Self.users {
            let id = try #require(UserId(user))
            let expected = Set(try await cloud.iam.projects(for: id).map(\.description)).intersection(under)
            let found = try await cloud.withEmulatorURL { baseURL in
                try await CloudAssetAnalyzer(
                    scope: scopeName, endpoints: GoogleEndpoints(cloudAsset: baseURL), client: .shared, credentials: emulatorCredentials(baseURL),
                    clock: SystemWallClock(), retry: shortGoogleRetry(), logger: quietLogger
                ).projects(for: id)
            }
            #expect(Set(found.map(\.description)) == expected, "\(user)")
        }
    }

    @Test("an unknown project is nothing found, as JIT Access reads Cloud Asset's 400")
    func unknownProject() async throws {
        let cloud = try EmulatedCloud()
        let found = try await cloud.withEmulatorURL { baseURL in
            try await Self.analyzer(baseURL).bindings(for: #require(UserId("alice@example.com")), on: #require(ProjectId("no-such-project")))
        }
        #expect(found.isEmpty)
    }
}
