import AsyncHTTPClient
import Foundation
import JITAccessCore
import JITAccessEmulator
@testable import JITAccessGoogle
import JITAccessLocal
import JITAccessRuntime
import JITAccessTestSupport
import Testing

@Suite("Resource Manager projects.search and getAncestry against the emulator")
struct ProjectHierarchyClientTests {
    static let production = ResourceName(kind: .folder, id: "200000000001")
    static let organization = ResourceName(kind: .organization, id: "100000000001")

    @Test("a search lists the matching projects with their numbers and parents", arguments: [
        ("state:ACTIVE", ["dev-sandbox", "prod-db", "prod-web", "shared-logs"]),
        ("parent:folders/200000000001", ["prod-db", "prod-web"]),
        ("id:PROD-*", ["prod-db", "prod-web"]),
        ("parent:organizations/100000000001 state:active", ["shared-logs"]),
        ("projectId:prod-d", []),
    ])
    func search(query: String, ids: [String]) async throws {
        let cloud = try EmulatedCloud()
        let projects = try await cloud.withEmulator { client in try await client.searchProjects(query: query) }
        #expect(projects.map(\.id.id).sorted() == ids)
        if let prodDB = projects.first(where: { $0.id.id == "prod-db" }) {
            #expect(prodDB == ProjectSummary(id: ProjectId("prod-db")!, number: "300000000001", parent: Self.production, isActive: true))
        }
    }

    @Test("a page shorter than asked for does not end the list: only the absence of nextPageToken does")
    func shortPages() async throws {
        let cloud = try EmulatedCloud()
        try cloud.replaceCloud(with: manyProjectsCloud(projects: 1_201))
        let projects = try await cloud.withEmulator { client in
            var client = client
            client.searchPageSize = 5_000
            return try await client.searchProjects(query: "state:ACTIVE")
        }
        #expect(projects.count == 1_201)
        #expect(Set(projects.map(\.number)).count == 1_201, "each project has its own number")
        #expect(cloud.journal.requests.filter { $0.path == "/v3/projects:search" }.count == 2)
    }

    @Test("a search with more pages than the cap fails naming the cap")
    func pageCap() async throws {
        let cloud = try EmulatedCloud()
        let error = await #expect(throws: JITAccessError.self) {
            try await cloud.withEmulator { client in
                var client = client
                client.searchPageSize = 1
                client.maximumPages = 3
                return try await client.searchProjects(query: "state:ACTIVE")
            }
        }
        #expect(error?.message.contains("more than 3 pages") == true, "\(String(describing: error))")
    }

    @Test("a project's ancestry lists it first, then its folders and organization")
    func ancestry() async throws {
        let cloud = try EmulatedCloud()
        let chains = try await cloud.withEmulator { client in
            [try await client.ancestry(of: ProjectId("prod-db")!), try await client.ancestry(of: ProjectId("shared-logs")!)]
        }
        #expect(chains == [
            [ResourceName(ProjectId("prod-db")!), Self.production, Self.organization],
            [ResourceName(ProjectId("shared-logs")!), Self.organization],
        ])
    }

    @Test("the ancestry of an unknown project fails the decision as a backend error naming Resource Manager, never as an empty ancestry")
    func unknownAncestry() async throws {
        let cloud = try EmulatedCloud()
        let error = await #expect(throws: JITAccessError.self) {
            try await cloud.withEmulator { client in try await client.ancestry(of: ProjectId("no-such-project")!) }
        }
        guard case .backend(let message) = error else {
            Issue.record("expected a backend error, got \(String(describing: error))")
            return
        }
        #expect(message.contains("Resource Manager"))
    }
}
