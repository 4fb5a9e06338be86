import AsyncHTTPClient
import Foundation
import JITAccessCore
import JITAccessEmulator
@testable import JITAccessGoogle
import JITAccessLocal
import JITAccessRuntime
import JITAccessTestSupport
import Testing

@Suite("Cloud Asset inventory (batchGet, searchAllIamPolicies) against the emulator")
struct CloudAssetInventoryTests {
    static let organization = ResourceName(kind: .organization, id: "100000000001")
    static let production = ResourceName(kind: .folder, id: "200000000001")
    static let development = ResourceName(kind: .folder, id: "200000000002")

    static func inventory(_ baseURL: String, scope: ResourceName = organization) -> CloudAssetInventory {
        CloudAssetInventory(
            scope: scope, endpoints: GoogleEndpoints(cloudAsset: baseURL), client: .shared, credentials: emulatorCredentials(baseURL),
            clock: SystemWallClock(), retry: shortGoogleRetry(), logger: quietLogger
        )
    }

    static func project(_ id: String) -> ProjectId { ProjectId(id)! }

    // MARK: effectivePolicies

    @Test("a project's policies come child first, up to and including the scope, as the embedded IAM holds them", arguments: [
        (organization, [ResourceName(project("prod-db")), production, organization]),
        (production, [ResourceName(project("prod-db")), production]),
        (ResourceName(project("prod-db")), [ResourceName(project("prod-db"))]),
    ] as [(ResourceName, [ResourceName])])
    func childFirst(scope: ResourceName, chain: [ResourceName]) async throws {
        let cloud = try EmulatedCloud()
        let policies = try await cloud.withEmulatorURL { baseURL in
            try await Self.inventory(baseURL, scope: scope).effectivePolicies(of: [Self.project("prod-db")])
        }
        let found = try #require(policies[Self.project("prod-db")])
        #expect(found.map(\.resource) == chain)
        for scoped in found {
            #expect(scoped.policy.bindings == (try await cloud.iam.policy(of: scoped.resource)).bindings)
        }
    }

    @Test("a project outside the scope fails rather than answering policies above the scope")
    func outsideScope() async throws {
        let cloud = try EmulatedCloud()
        let error = await #expect(throws: JITAccessError.self) {
            try await cloud.withEmulatorURL { baseURL in
                try await Self.inventory(baseURL, scope: Self.production).effectivePolicies(of: [Self.project("dev-sandbox")])
            }
        }
        #expect(error?.message.contains("not within the scope") == true, "\(String(describing: error))")
    }

    @Test("an unknown project is a backend failure naming what Google does not know")
    func unknownProject() async throws {
        let cloud = try EmulatedCloud()
        let error = await #expect(throws: JITAccessError.self) {
            try await cloud.withEmulatorURL { baseURL in
                try await Self.inventory(baseURL).effectivePolicies(of: [Self.project("no-such-project")])
            }
        }
        #expect(error?.message.contains("404") == true, "\(String(describing: error))")
    }

    @Test("more than 20 projects are asked for 20 at a time, and each gets its own policies")
    func manyProjects() async throws {
        let cloud = try EmulatedCloud()
        try cloud.replaceCloud(with: manyProjectsCloud(projects: 45))
        let projects = (1...45).map { Self.project(String(format: "project-%04d", $0)) }
        let policies = try await cloud.withEmulatorURL { baseURL in try await Self.inventory(baseURL).effectivePolicies(of: projects) }
        #expect(Set(policies.keys) == Set(projects))
        #expect(policies[Self.project("project-0002")]?.map(\.resource) == [ResourceName(Self.project("project-0002")), Self.organization])
        let batches = cloud.journal.requests.filter { $0.path.hasSuffix("effectiveIamPolicies:batchGet") }
        #expect(batches.count == 3)
        #expect(batches.allSatisfy { ($0.query ?? "").components(separatedBy: "names=").count - 1 <= 20 })
    }

    @Test("policies Google leaves out (no bindings) are read as empty, not as an error")
    func missingFields() async throws {
        let cloud = try EmulatedCloud()
        try cloud.replaceCloud(with: manyProjectsCloud(projects: 2))
        let policies = try await cloud.withEmulatorURL { baseURL in
            try await Self.inventory(baseURL, scope: ResourceName(Self.project("project-0001"))).effectivePolicies(of: [Self.project("project-0001")])
        }
        #expect(policies == [Self.project("project-0001"): []])
        let answer = try #require(cloud.journal.requests.last?.answer)
        #expect(!String(decoding: answer.body, as: UTF8.self).contains("policies"), "the emulator leaves the empty list out, as Google does")
    }

    @Test("a policy without bindings, a binding without members, and a project named by its number are read as Google means them")
    func protoJSONOmissions() async throws {
        let answer = #"{"policyResults":[{"fullResourceName":"//cloudresourcemanager.googleapis.com/projects/prod-db","policies":[{"attachedResource":"//cloudresourcemanager.googleapis.com/projects/415104041262","policy":{"bindings":[{"role":"roles/viewer"}]}},{"attachedResource":"//cloudresourcemanager.googleapis.com/folders/200000000001","policy":{}}]}]}"#
        let backend = ScriptedBackend([ScriptedBackend.Answer(status: 200, body: answer)])
        let policies = try await withLocalServer(router: backend.router) { baseURL in
            try await CloudAssetInventory(
                scope: Self.organization, endpoints: GoogleEndpoints(cloudAsset: baseURL), client: .shared, credentials: StaticToken(),
                clock: SystemWallClock(), retry: shortGoogleRetry(), logger: quietLogger
            ).effectivePolicies(of: [Self.project("prod-db")])
        }
        #expect(policies[Self.project("prod-db")] == [
            ScopedPolicy(resource: ResourceName(Self.project("prod-db")), policy: IAMPolicy(version: 1, bindings: [IAMBinding(role: "roles/viewer", members: [])])),
            ScopedPolicy(resource: Self.production, policy: IAMPolicy(version: 1)),
        ])
    }

    // MARK: searchPolicies

    @Test("a search finds the policies naming a member, with only the matching bindings and Google's ancestry fields")
    func searchMember() async throws {
        let cloud = try EmulatedCloud()
        let results = try await cloud.withEmulatorURL { baseURL in
            try await Self.inventory(baseURL).searchPolicies(query: "policy:alice@example.com", assetTypes: [])
        }
        #expect(results.count == 1)
        let result = try #require(results.first)
        #expect(result.resource == ResourceName(Self.project("prod-db")))
        #expect(result.bindings.map(\.role) == ["roles/cloudsql.viewer"], "only the matching binding")
        #expect(result.project == "projects/300000000001")
        #expect(result.folders == [Self.production])
        #expect(result.organization == Self.organization)
    }

    @Test("token matching does not take a near miss for the member", arguments: ["user:malice@example.com", "user:alice@example.org", "user:alice-b@example.com"])
    func nearMiss(member: String) async throws {
        let cloud = try EmulatedCloud()
        let logs = ResourceName(Self.project("shared-logs"))
        var policy = try await cloud.iam.policy(of: logs)
        policy.bindings = [IAMBinding(role: "roles/logging.admin", members: [member])]
        try await cloud.iam.setPolicy(policy, of: logs, reason: "test")
        let results = try await cloud.withEmulatorURL { baseURL in
            try await Self.inventory(baseURL).searchPolicies(query: "policy:alice@example.com", assetTypes: [])
        }
        #expect(results.map(\.resource) == [ResourceName(Self.project("prod-db"))])
    }

    @Test("queries combine phrases, member types, AND, OR and parentheses", arguments: [
        (#"policy:"Eligible for access with peer approval""#, ["projects/dev-sandbox", "projects/prod-db"]),
        ("policy:multiPartyApprovalConstraint AND policy:developers@example.com", ["projects/dev-sandbox"]),
        ("policy:(dave@example.com OR bob@example.com)", ["folders/200000000002", "projects/shared-logs"]),
        ("memberTypes:domain", ["organizations/100000000001"]),
        ("policy:jitAccessConstraint policy:alice@example.com", ["projects/prod-db"]),
    ] as [(String, [String])])
    func queries(query: String, resources: [String]) async throws {
        let cloud = try EmulatedCloud()
        let results = try await cloud.withEmulatorURL { baseURL in try await Self.inventory(baseURL).searchPolicies(query: query, assetTypes: []) }
        #expect(results.map(\.resource.relativeName).sorted() == resources)
    }

    @Test("assetTypes and the scope narrow the search")
    func narrowed() async throws {
        let cloud = try EmulatedCloud()
        let (projects, inFolder) = try await cloud.withEmulatorURL { baseURL in
            let projects = try await Self.inventory(baseURL).searchPolicies(
                query: "policy:developers@example.com", assetTypes: ["cloudresourcemanager.googleapis.com/Project"]
            )
            let inFolder = try await Self.inventory(baseURL, scope: Self.development).searchPolicies(query: "policy:developers@example.com", assetTypes: [])
            return (projects, inFolder)
        }
        #expect(projects.map(\.resource.relativeName).sorted() == ["projects/dev-sandbox", "projects/prod-web"])
        #expect(inFolder.map(\.resource.relativeName) == ["projects/dev-sandbox"])
    }

    @Test("every page of a search is read, following nextPageToken")
    func paging() async throws {
        let cloud = try EmulatedCloud()
        let results = try await cloud.withEmulatorURL { baseURL in
            var inventory = Self.inventory(baseURL)
            inventory.searchPageSize = 1
            return try await inventory.searchPolicies(query: "policy:developers@example.com", assetTypes: [])
        }
        #expect(results.map(\.resource.relativeName).sorted() == ["folders/200000000001", "projects/dev-sandbox", "projects/prod-web"])
        #expect(cloud.journal.requests.filter { $0.path.hasSuffix(":searchAllIamPolicies") }.count == 3)
    }

    @Test("a search with more pages than the cap fails naming the cap instead of answering part")
    func pageCap() async throws {
        let cloud = try EmulatedCloud()
        let error = await #expect(throws: JITAccessError.self) {
            try await cloud.withEmulatorURL { baseURL in
                var inventory = Self.inventory(baseURL)
                inventory.searchPageSize = 1
                inventory.maximumPages = 2
                return try await inventory.searchPolicies(query: "policy:developers@example.com", assetTypes: [])
            }
        }
        #expect(error?.message.contains("more than 2 pages") == true, "\(String(describing: error))")
    }
}
