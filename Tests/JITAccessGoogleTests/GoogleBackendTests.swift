import AsyncHTTPClient
import JITAccessCore
import JITAccessGoogle
import JITAccessLocal
import JITAccessRuntime
import JITAccessTokens
import Testing
import JITAccessTestSupport

@Suite("The Google backend assembled from the environment")
struct GoogleBackendTests {
    static func environment(_ baseURL: String) -> [String: String] {
        [
            "CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER": baseURL + "/",
            "CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDASSET": baseURL + "/",
            "CLOUDSDK_API_ENDPOINT_OVERRIDES_IAMCREDENTIALS": baseURL + "/",
            "SERVICE_ACCOUNT_KEYS_URL": baseURL + "/service_accounts/v1/metadata/jwk/",
            "GCE_METADATA_HOST": String(baseURL.dropFirst("http://".count)),
            "RESOURCE_SCOPE": "organizations/100000000001",
        ]
    }

    @Test("pointed at the emulator, it reads policies, analyzes the scope and signs as the metadata server's service account")
    func againstEmulator() async throws {
        let cloud = try EmulatedCloud()
        let alice = try #require(UserId("alice@example.com"))
        let expected = try await cloud.iam.projects(for: alice)
        try await cloud.withEmulatorURL { baseURL in
            let backend = try await GoogleBackend(ConfigurationSource(Self.environment(baseURL)), client: .shared, clock: SystemWallClock(), jitter: SeededJitter(), logger: quietLogger)
            #expect(backend.scope == ResourceName(kind: .organization, id: "100000000001"))
            #expect(try await backend.analyzer.projects(for: alice) == expected)
            #expect(try await backend.store.policy(of: ResourceName(#require(ProjectId("prod-db")))).etag != nil)
            #expect(backend.signer.issuer.hasSuffix(".iam.gserviceaccount.com"))
            let now = SystemWallClock().now.secondsSinceEpoch
            let token = ActivationToken(
                iss: backend.signer.issuer, aud: backend.signer.issuer, iat: now, exp: now + 60, jti: "mpa-00", beneficiary: alice.email,
                reviewers: ["bob@example.com"], resource: "//cloudresourcemanager.googleapis.com/projects/prod-db", role: "roles/viewer",
                justification: "test", start: now, end: now + 60
            )
            #expect(try await backend.verifier.verify(backend.signer.sign(token), acceptingExpired: false) == token)
        }
    }

    @Test("the scope defaults to the project, and a malformed one is named", arguments: [
        (["GOOGLE_CLOUD_PROJECT": "my-project"], nil),
        (["RESOURCE_SCOPE": "project/my-project"], "RESOURCE_SCOPE"),
        ([:], "RESOURCE_SCOPE"),
        (["GOOGLE_CLOUD_PROJECT": "My Project"], "GOOGLE_CLOUD_PROJECT"),
    ] as [([String: String], String?)])
    func scope(environment: [String: String], badVariable: String?) async throws {
        let refusingMetadataServer = ScriptedBackend([.init(status: 404, body: "not here")])
        do {
            try await withLocalServer(router: refusingMetadataServer.router) { baseURL in
                _ = try await GoogleBackend(
                    ConfigurationSource(environment.merging(["GCE_METADATA_HOST": String(baseURL.dropFirst("http://".count))]) { $1 }),
                    client: .shared, clock: SystemWallClock(), jitter: SeededJitter(), logger: quietLogger
                )
            }
            Issue.record("a backend without a metadata server was made")
        } catch let error as ConfigurationError {
            #expect(error.variable == badVariable)
        } catch {
            // The scope was accepted; only the metadata server (deliberately absent) failed.
            #expect(badVariable == nil)
            #expect(error is JITAccessError)
        }
    }
}
