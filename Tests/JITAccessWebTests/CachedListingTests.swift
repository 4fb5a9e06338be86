import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JITAccessCore
import JITAccessLocal
import JITAccessTestSupport
import Testing
@testable import JITAccessWeb

/// Listings may come from a cache; decisions never do (docs/catalogs.md).
@Suite struct CachedListingTests {
    static let viewer = "prod-db:roles/cloudsql.viewer"
    static let computeViewer = "prod-db:roles/compute.viewer"
    static let hour = ListingCacheSettings(seconds: 3_600, entries: 1_000, ownWriteSeconds: 900)

    private func roles(_ client: some TestClientProtocol) async throws -> [String: String] {
        let response = try await client.execute(uri: "/api/projects/prod-db/roles", method: .get, headers: TestApp.apiHeaders())
        let entitlements = response.json["entitlements"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: entitlements.compactMap { entitlement in
            (entitlement["id"] as? String).map { ($0, entitlement["status"] as? String ?? "") }
        })
    }

    private func activate(_ id: String, _ client: some TestClientProtocol) async throws -> TestResponse {
        try await client.execute(
            uri: "/api/projects/prod-db/roles/self-activate", method: .post, headers: TestApp.apiHeaders(json: true), body: TestApp.activationBody([id])
        )
    }

    @Test func aGrantIsRefusedWhenADirectBindingWasRemovedAfterTheListingWasCached() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud, listingCache: Self.hour)
        try await app.test(.router) { client in
            #expect(try await roles(client)[Self.viewer] == "INACTIVE")
            // An administrator takes alice's eligibility away, behind the cache's back.
            let prodDb = ResourceName(kind: .project, id: "prod-db")
            var policy = try await cloud.iam.policy(of: prodDb)
            policy.bindings.removeAll { $0.role == "roles/cloudsql.viewer" }
            try await cloud.iam.setPolicy(policy, of: prodDb, reason: "test")
            #expect(try await roles(client)[Self.viewer] == "INACTIVE", "the listing is still cached")

            let response = try await activate(Self.viewer, client)
            #expect(response.status == .forbidden, "\(response.text)")
        }
        #expect(try await cloud.activations(of: TestApp.alice, on: "prod-db").isEmpty)
    }

    @Test func aGrantIsRefusedWhenAGroupMembershipWasRemovedAfterTheListingWasCached() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud, listingCache: Self.hour)
        try await app.test(.router) { client in
            #expect(try await roles(client)[Self.computeViewer] == "INACTIVE")
            // alice leaves the developers group, through which the folder makes her eligible.
            var file = try #require(try JSONSerialization.jsonObject(with: cloud.bytes) as? [String: Any])
            var groups = try #require(file["groups"] as? [[String: Any]])
            let developers = try #require(groups.firstIndex { $0["email"] as? String == "developers@example.com" })
            groups[developers]["members"] = ["user:dave@example.com"]
            file["groups"] = groups
            try JSONSerialization.data(withJSONObject: file).write(to: URL(fileURLWithPath: cloud.path))
            #expect(try await roles(client)[Self.computeViewer] == "INACTIVE", "the listing is still cached")

            let response = try await activate(Self.computeViewer, client)
            #expect(response.status == .forbidden, "\(response.text)")
        }
        #expect(try await cloud.activations(of: TestApp.alice, on: "prod-db").isEmpty)
    }

    @Test func aRoleReadsActiveRightAfterItsActivationOnTheSameReplica() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud, listingCache: Self.hour)
        try await app.test(.router) { client in
            #expect(try await roles(client)[Self.viewer] == "INACTIVE")
            let response = try await activate(Self.viewer, client)
            #expect(response.status == .ok, "\(response.text)")
            #expect(try await roles(client)[Self.viewer] == "ACTIVE")
        }
    }

    @Test func readinessReportsTheCache() async throws {
        let cloud = try TemporaryCloud()
        let app = try TestApp.make(cloud: cloud, listingCache: Self.hour)
        try await app.test(.router) { client in
            _ = try await roles(client)
            _ = try await roles(client)
            let response = try await client.execute(uri: "/health/ready", method: .get)
            let cache = try #require((response.json["details"] as? [String: Any])?["listingCache"] as? [String: Any])
            #expect(cache["hits"] as? Int == 1)
            #expect(cache["misses"] as? Int == 1)
            #expect(cache["hitRate"] as? Double == 0.5)
        }
    }
}
