import Crypto
import Foundation
import JITAccessCore
import JITAccessGoogle
import JITAccessTestSupport
import JITAccessTokens
import Testing

@Suite("IAP verifier from configuration")
struct IAPVerifierConfigurationTests {
    @Test("A verifier made from the variables fetches IAP_PUBLIC_KEYS_URL and checks the derived audience")
    func fromConfiguration() async throws {
        let key = IAPSigningKey(kid: "k")
        let good = try key.sign(iapClaims(["aud": "/projects/123/apps/my-project"]))
        let otherApp = try key.sign(iapClaims(["aud": "/projects/123/apps/other"]))
        try await withKeySetServer(KeySetPublication(key.keySet)) { url in
            let configuration = try IAPConfiguration(ConfigurationSource([
                "IAP_PUBLIC_KEYS_URL": url, "GOOGLE_CLOUD_PROJECT": "my-project", "GOOGLE_CLOUD_PROJECT_NUMBER": "123",
            ]))
            let verifier = IAPAssertionVerifier(
                configuration: configuration, clock: TestClock(Timestamp(secondsSinceEpoch: testNow)), logger: quietLogger
            )
            let identity = try await verifier.verify(good)
            #expect(identity.user.email == "alice@example.com")
            let error = await thrownError { try await verifier.verify(otherApp) }
            #expect(error?.message.contains("meant for another application") == true)
        }
    }
}
