import AsyncHTTPClient
import JITAccessCore
import JITAccessGoogle
import JITAccessRuntime
import JITAccessTokens
import Testing
import JITAccessTestSupport

@Suite("Activation tokens signed with IAM Credentials signJwt")
struct ServiceAccountTokenSignerTests {
    static let account = "jitaccess@example-project.iam.gserviceaccount.com"

    static func token(issuer: String = account, now: Int64) -> ActivationToken {
        ActivationToken(
            iss: issuer, aud: issuer, iat: now, exp: now + 3600, jti: "mpa-0123456789abcdef", beneficiary: "alice@example.com",
            reviewers: ["bob@example.com"], resource: "//cloudresourcemanager.googleapis.com/projects/prod-db", role: "roles/viewer",
            justification: "test", start: now, end: now + 600
        )
    }

    static func endpoints(_ baseURL: String) -> GoogleEndpoints {
        GoogleEndpoints(iamCredentials: baseURL, serviceAccountKeys: baseURL + "/service_accounts/v1/metadata/jwk/")
    }

    @Test("a token signed through the emulator verifies with the account's published keys, RS256")
    func signAndVerify() async throws {
        let cloud = try EmulatedCloud()
        let now = SystemWallClock().now.secondsSinceEpoch
        let token = Self.token(now: now)
        let verified = try await cloud.withEmulatorURL { baseURL in
            let signer = ServiceAccountTokenSigner(
                serviceAccount: Self.account, endpoints: Self.endpoints(baseURL), client: .shared, credentials: emulatorCredentials(baseURL),
                retry: shortGoogleRetry(), clock: SystemWallClock(), logger: quietLogger
            )
            #expect(signer.issuer == Self.account)
            let jwt = try await signer.sign(token)
            let verifier = ServiceAccountTokenSigner.verifier(
                serviceAccount: Self.account, endpoints: Self.endpoints(baseURL), client: .shared, clock: SystemWallClock(), logger: quietLogger
            )
            return try await verifier.verify(jwt, acceptingExpired: false)
        }
        #expect(verified == token)
    }

    @Test("a token signed by another service account does not verify")
    func otherAccount() async throws {
        let cloud = try EmulatedCloud()
        let other = "someone-else@example-project.iam.gserviceaccount.com"
        let now = SystemWallClock().now.secondsSinceEpoch
        try await cloud.withEmulatorURL { baseURL in
            let signer = ServiceAccountTokenSigner(
                serviceAccount: other, endpoints: Self.endpoints(baseURL), client: .shared, credentials: emulatorCredentials(baseURL),
                retry: shortGoogleRetry(), clock: SystemWallClock(), logger: quietLogger
            )
            let jwt = try await signer.sign(Self.token(issuer: Self.account, now: now))
            let verifier = ServiceAccountTokenSigner.verifier(
                serviceAccount: Self.account, endpoints: Self.endpoints(baseURL), client: .shared, clock: SystemWallClock(), logger: quietLogger
            )
            await #expect(throws: JITAccessError.self) {
                try await verifier.verify(jwt, acceptingExpired: false)
            }
        }
    }
}
