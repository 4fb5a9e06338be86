import Foundation
import JITAccessCore
import JITAccessEmulator
import JITAccessGoogle
import JITAccessLocal
import JITAccessRuntime
import JITAccessTestSupport
import Testing

@Suite("RESOURCE_CATALOG=AssetInventory: the same answers as the embedded IAM, decisions read live, within Google's quotas")
struct AssetInventoryCatalogTests {
    static let users = ["alice", "bob", "carol", "dave", "erin"].compactMap { UserId("\($0)@example.com") }
    static let projects = ["prod-db", "prod-web", "dev-sandbox", "shared-logs"].compactMap(ProjectId.init)

    @Test("listings and decisions agree with the embedded IAM for every user and project of the demo cloud", arguments: ["AssetInventory", "PolicyAnalyzer"])
    func agreesWithTheEmbeddedIAM(catalog: String) async throws {
        let cloud = try EmulatedCloud()
        let clock = SystemWallClock()
        let local = EntitlementCatalog(analyzer: cloud.iam, clock: clock)
        try await cloud.withEmulatorURL { baseURL in
            let served = try await ServedCatalog(catalog, baseURL: baseURL)
            for user in Self.users {
                #expect(try await served.listings.projects(for: user) == local.projects(for: user), "\(user)")
                for project in Self.projects {
                    let expected = try await local.entitlements(for: user, on: project)
                    #expect(try await served.listings.entitlements(for: user, on: project) == expected, "\(user) on \(project), listed")
                    #expect(try await served.decisions.entitlements(for: user, on: project) == expected, "\(user) on \(project), decided")
                }
            }
            let admin = try #require(EntitlementId("prod-db:roles/cloudsql.admin"))
            let alice = try #require(UserId("alice@example.com"))
            let peers = try await local.qualifiedPeers(for: admin, excluding: alice)
            #expect(try await served.listings.qualifiedPeers(for: admin, excluding: alice) == peers)
            #expect(try await served.decisions.qualifiedPeers(for: admin, excluding: alice) == peers)
        }
    }

    @Test("AssetInventory never calls Policy Analyzer, and decisions read getIamPolicy and hasMember, never the cache")
    func decisionsReadLive() async throws {
        let cloud = try EmulatedCloud()
        try await cloud.withEmulatorURL { baseURL in
            let served = try await ServedCatalog("AssetInventory", baseURL: baseURL)
            let alice = try #require(UserId("alice@example.com"))
            let prodDb = try #require(ProjectId("prod-db"))
            #expect(try await served.listings.entitlements(for: alice, on: prodDb).contains { $0.id.role == "roles/compute.viewer" })
            // alice leaves developers, the group through which the Production folder makes her eligible.
            var document = try #require(try JSONSerialization.jsonObject(with: cloud.cloud.bytes) as? [String: Any])
            var groups = try #require(document["groups"] as? [[String: Any]])
            let developers = try #require(groups.firstIndex { $0["email"] as? String == "developers@example.com" })
            groups[developers]["members"] = ["user:dave@example.com"]
            document["groups"] = groups
            try cloud.replaceCloud(with: String(decoding: JSONSerialization.data(withJSONObject: document), as: UTF8.self))

            #expect(try await served.listings.entitlements(for: alice, on: prodDb).contains { $0.id.role == "roles/compute.viewer" }, "cached")
            let before = cloud.journal.requests.count
            let refused = await #expect(throws: JITAccessError.self) {
                try await served.selfActivation.activate(SelfActivationRequest(
                    user: alice, project: prodDb, entitlements: [EntitlementId(project: prodDb, role: "roles/compute.viewer", resourceCondition: nil)],
                    justification: "INC-1", minutes: 30
                ))
            }
            #expect(refused.map { if case .accessDenied = $0 { true } else { false } } == true, "\(String(describing: refused))")
            let paths = cloud.journal.requests.dropFirst(before).map(\.path)
            #expect(paths.contains { $0.hasSuffix(":getAncestry") })
            #expect(paths.contains { $0.hasSuffix(":getIamPolicy") })
            #expect(paths.contains { $0.contains("/hasMember/") })
            #expect(!paths.contains { $0.hasSuffix(":setIamPolicy") })
        }
        #expect(!cloud.journal.requests.contains { $0.path.hasSuffix(":analyzeIamPolicy") })
    }

    @Test("a listed project's roles page was read ahead with the list, and a warm roles page costs no Google call")
    func readAheadAndWarmPages() async throws {
        let cloud = try EmulatedCloud()
        try await cloud.withEmulatorURL { baseURL in
            let served = try await ServedCatalog("AssetInventory", baseURL: baseURL)
            let alice = try #require(UserId("alice@example.com"))
            let listed = try await served.listings.projects(for: alice)
            #expect(listed.count > 1)
            let before = cloud.journal.requests.count
            for project in listed {
                _ = try await served.listings.entitlements(for: alice, on: project)
                _ = try await served.listings.entitlements(for: alice, on: project)
            }
            _ = try await served.listings.projects(for: alice)
            #expect(cloud.journal.requests.dropFirst(before).map(\.path) == [])
        }
    }

    /// 50 users in one group, eligible through a folder for two roles on two projects.
    static func fiftyUsersCloud() -> String {
        let members = (1...50).map { #""user:user\#($0)@example.com""# }.joined(separator: ", ")
        let eligible = #"{"role": "ROLE", "members": ["group:team@example.com"], "condition": {"title": "Eligible", "expression": "has({}.jitAccessConstraint)"}}"#
        let bindings = ["roles/viewer", "roles/logging.viewer"].map { eligible.replacingOccurrences(of: "ROLE", with: $0) }.joined(separator: ", ")
        return """
        {
          "organization": {"id": "100000000001", "policy": {"bindings": [{"role": "roles/owner", "members": ["user:admin@example.com"]}]}},
          "folders": [{"id": "200000000001", "parent": "organizations/100000000001", "policy": {"bindings": [\(bindings)]}}],
          "projects": [
            {"id": "project-one", "parent": "folders/200000000001", "policy": {"bindings": [{"role": "roles/owner", "members": ["user:admin@example.com"]}]}},
            {"id": "project-two", "parent": "folders/200000000001", "policy": {"bindings": [{"role": "roles/owner", "members": ["user:admin@example.com"]}]}}
          ],
          "groups": [{"email": "team@example.com", "members": [\(members)]}]
        }
        """
    }

    @Test("under Google's Policy Analyzer quotas, 50 users for a day: PolicyAnalyzer runs out, AssetInventory with its cache does not", arguments: ["PolicyAnalyzer", "AssetInventory"])
    func aDayOfFiftyUsers(catalog: String) async throws {
        let cloud = try EmulatedCloud()
        try cloud.replaceCloud(with: Self.fiftyUsersCloud())
        // Google's documented defaults for the methods the catalogs call.
        for quota in [
            EmulatedQuota(method: "cloudasset.analyzeIamPolicy", perMinute: 100, perDay: 1_000),
            EmulatedQuota(method: EmulatedQuota.policyAnalyzerOrganization, perDay: 20),
            EmulatedQuota(method: "cloudasset.batchGetEffectiveIamPolicies", perMinute: 100),
            EmulatedQuota(method: "cloudasset.searchAllIamPolicies", perMinute: 400),
            EmulatedQuota(method: "cloudresourcemanager.projects.search", perMinute: 240),
            EmulatedQuota(method: "directory.groups.list", perMinute: 2_400),
            EmulatedQuota(method: "directory.members.hasMember", perMinute: 2_400),
        ] {
            try cloud.quotas.set(quota)
        }
        let outcome = try await cloud.withEmulatorURL { baseURL in
            let served = try await ServedCatalog(catalog, baseURL: baseURL)
            let projects = try ["project-one", "project-two"].map { try #require(ProjectId($0)) }
            var succeeded = 0
            var failures: [String] = []
            for number in 1...50 {
                let user = try #require(UserId("user\(number)@example.com"))
                do {
                    for _ in 0..<10 {
                        _ = try await served.listings.projects(for: user)
                        for project in projects { _ = try await served.listings.entitlements(for: user, on: project) }
                    }
                    _ = try await served.selfActivation.activate(SelfActivationRequest(
                        user: user, project: projects[0], entitlements: [EntitlementId(project: projects[0], role: "roles/viewer", resourceCondition: nil)],
                        justification: "INC-1", minutes: 30
                    ))
                    succeeded += 1
                } catch let error as JITAccessError {
                    failures.append(error.message)
                }
            }
            return (succeeded, failures)
        }
        switch catalog {
        case "PolicyAnalyzer":
            #expect(outcome.0 < 50, "Policy Analyzer's 20 queries a day cannot serve 50 users")
            #expect(outcome.1.first?.contains("quota") == true, "\(outcome.1.first ?? "")")
        default:
            #expect(outcome.0 == 50, "\(outcome.1.prefix(3))")
            #expect(!cloud.journal.requests.contains { $0.path.hasSuffix(":analyzeIamPolicy") })
        }
    }
}
