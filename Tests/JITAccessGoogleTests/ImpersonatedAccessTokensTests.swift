import AsyncHTTPClient
import Foundation
import Hummingbird
import JITAccessCore
import JITAccessGoogle
import JITAccessRuntime
import Testing

@Suite("Impersonated access tokens from IAM Credentials")
struct ImpersonatedAccessTokensTests {
    static let account = "jitaccess@example-project.iam.gserviceaccount.com"

    private func tokens(_ baseURL: String) -> ImpersonatedAccessTokens {
        ImpersonatedAccessTokens(
            serviceAccount: Self.account, scopes: ["https://www.googleapis.com/auth/cloud-platform", GroupDirectory.readonlyScope],
            endpoints: GoogleEndpoints(iamCredentials: baseURL), client: .shared, credentials: StaticToken(), clock: SystemWallClock(),
            retry: shortGoogleRetry(), logger: quietLogger
        )
    }

    @Test("asks generateAccessToken for the scopes and an hour, and keeps the token until shortly before it expires")
    func cachedUntilExpiry() async throws {
        let expiry = SystemWallClock().now.adding(seconds: 3600).rfc3339
        let backend = ScriptedBackend([.init(status: 200, body: #"{"accessToken":"ya29.impersonated","expireTime":"\#(expiry)"}"#)])
        let answers = try await withLocalServer(router: backend.router) { baseURL in
            let tokens = tokens(baseURL)
            return [try await tokens.accessToken(), try await tokens.accessToken()]
        }
        #expect(answers == ["ya29.impersonated", "ya29.impersonated"])
        #expect(await backend.requests == 1)
        let body = try #require(await backend.bodies.first)
        let request = try JSONDecoder().decode([String: JSONValue].self, from: Data(body.utf8))
        #expect(request["scope"] == .array([.string("https://www.googleapis.com/auth/cloud-platform"), .string(GroupDirectory.readonlyScope)]))
        #expect(request["lifetime"] == .string("3600s"))
        #expect(await backend.headers.first?[.authorization] == "Bearer ya29.test-token")
    }

    @Test("a token about to expire is not kept")
    func expiringTokenRenewed() async throws {
        let expiry = SystemWallClock().now.adding(seconds: 30).rfc3339
        let backend = ScriptedBackend([.init(status: 200, body: #"{"accessToken":"ya29.short","expireTime":"\#(expiry)"}"#)])
        try await withLocalServer(router: backend.router) { baseURL in
            let tokens = tokens(baseURL)
            _ = try await tokens.accessToken()
            _ = try await tokens.accessToken()
        }
        #expect(await backend.requests == 2)
    }

    @Test("a refusal names the Token Creator role on the account itself")
    func refused() async throws {
        let backend = ScriptedBackend([.googleError(403, "PERMISSION_DENIED", "Permission 'iam.serviceAccounts.getAccessToken' denied")])
        let error = await #expect(throws: JITAccessError.self) {
            try await withLocalServer(router: backend.router) { baseURL in try await tokens(baseURL).accessToken() }
        }
        #expect(error?.message.contains("roles/iam.serviceAccountTokenCreator") == true)
    }
}
