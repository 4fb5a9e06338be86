import Crypto
import Foundation
import JITAccessCore
import JITAccessGoogle
import JITAccessTestSupport
import JITAccessTokens
import Testing

@Suite("Identity-Aware Proxy assertions")
struct IAPAssertionTests {
    let key = IAPSigningKey(kid: "iap-key-1")

    @Test("A valid assertion yields the user, device and access levels")
    func valid() async throws {
        let identity = try await withKeySetServer(KeySetPublication(key.keySet)) { url in
            try await verifier(url: url).verify(try key.sign(iapClaims(email: "Alice@Example.com")))
        }
        #expect(identity == IAPIdentity(
            user: try #require(UserId("alice@example.com")), subject: "accounts.google.com:1234567890",
            hostedDomain: "example.com", deviceId: "device-1", accessLevels: ["accessPolicies/1/accessLevels/corp"]
        ))
        #expect(identity.auditLabels == [
            "user": "alice@example.com", "user_id": "accounts.google.com:1234567890", "device_id": "device-1",
            "device_access_levels": "accessPolicies/1/accessLevels/corp",
        ])
    }

    @Test("Assertions without the optional claims are accepted; aud may be a list")
    func minimal() async throws {
        let assertion = try key.sign(iapClaims(["google": NSNull(), "hd": NSNull(), "aud": ["/other", testAudience]]))
        let identity = try await withKeySetServer(KeySetPublication(key.keySet)) { url in
            try await verifier(url: url).verify(assertion)
        }
        #expect(identity.deviceId == nil)
        #expect(identity.accessLevels.isEmpty)
        #expect(identity.hostedDomain == nil)
        #expect(identity.auditLabels["device_id"] == "unknown")
        #expect(identity.auditLabels["device_access_levels"] == "")
    }

    @Test("A missing assertion is 401", arguments: [nil, ""] as [String?])
    func missing(assertion: String?) async throws {
        let error = try await withKeySetServer(KeySetPublication(key.keySet)) { url in
            await thrownError { try await verifier(url: url).verify(assertion) }
        }
        guard case .notSignedIn(let message) = error else {
            Issue.record("expected notSignedIn, got \(String(describing: error))")
            return
        }
        #expect(message.contains("x-goog-iap-jwt-assertion"))
    }

    /// A way an assertion can be wrong, and words the refusal must contain.
    enum Defect: String, CaseIterable, Sendable {
        case forgedSameKid, expired, issuedInFuture, wrongAudience, wrongIssuer, algNone, hs256WithPublicKey,
             rs256Header, unknownKid, notAnEmail, missingEmail, emailNotString, garbage, tooLong

        var expectedWords: String {
            switch self {
            case .forgedSameKid: "the signature does not match"
            case .expired: "has expired"
            case .issuedInFuture: "issued in the future"
            case .wrongAudience: "meant for another application"
            case .wrongIssuer: "was not issued by Identity-Aware Proxy"
            case .algNone, .hs256WithPublicKey, .rs256Header: "algorithm this service does not accept"
            case .unknownKid: "names a key Identity-Aware Proxy does not have"
            case .notAnEmail: "not an e-mail address"
            case .missingEmail: "lacks the claim \"email\""
            case .emailNotString: "claim \"email\" has the wrong type"
            case .garbage: "three parts"
            case .tooLong: "longer than"
            }
        }
    }

    @Test("Invalid assertions are 403 with the reason", arguments: Defect.allCases)
    func refused(defect: Defect) async throws {
        let key = key
        let assertion = try Self.assertion(with: defect, key: key)
        let error = try await withKeySetServer(KeySetPublication(key.keySet)) { url in
            await thrownError { try await verifier(url: url, refreshInterval: .seconds(3600)).verify(assertion) }
        }
        guard case .accessDenied(let message) = error else {
            Issue.record("expected accessDenied, got \(String(describing: error))")
            return
        }
        #expect(message.contains(defect.expectedWords), "\(message)")
    }

    @Test("The audience is not checked when verification is off")
    func audienceUnchecked() async throws {
        let assertion = try key.sign(iapClaims(["aud": "/projects/1/apps/elsewhere"]))
        let identity = try await withKeySetServer(KeySetPublication(key.keySet)) { url in
            try await IAPAssertionVerifier(
                keys: keySet(url: url), audience: .unchecked, clock: TestClock(Timestamp(secondsSinceEpoch: testNow))
            ).verify(assertion)
        }
        #expect(identity.user.email == "alice@example.com")
    }

    @Test("Times within the 30 s skew are accepted")
    func skew() async throws {
        let assertion = try key.sign(iapClaims(["iat": testNow + 30, "exp": testNow - 30]))
        let identity = try await withKeySetServer(KeySetPublication(key.keySet)) { url in
            try await verifier(url: url).verify(assertion)
        }
        #expect(identity.user.email == "alice@example.com")
    }

    private static func assertion(with defect: Defect, key: IAPSigningKey) throws -> String {
        switch defect {
        case .forgedSameKid:
            return try IAPSigningKey(kid: key.kid).sign(iapClaims())
        case .expired:
            return try key.sign(iapClaims(["iat": testNow - 700, "exp": testNow - 31]))
        case .issuedInFuture:
            return try key.sign(iapClaims(["iat": testNow + 31, "exp": testNow + 600]))
        case .wrongAudience:
            return try key.sign(iapClaims(["aud": "/projects/123456789012/apps/other-project"]))
        case .wrongIssuer:
            return try key.sign(iapClaims(["iss": "https://accounts.google.com"]))
        case .algNone:
            return try signingInput(iapClaims(), header: ["alg": "none", "kid": key.kid]) + "."
        case .hs256WithPublicKey:
            let input = try signingInput(iapClaims(), header: ["alg": "HS256", "kid": key.kid])
            let secret = SymmetricKey(data: Data(key.privateKey.publicKey.pemRepresentation.utf8))
            return input + "." + Base64URL.encode(Data(HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: secret)))
        case .rs256Header:
            let input = try signingInput(iapClaims(), header: ["alg": "RS256", "kid": key.kid])
            return input + "." + Base64URL.encode(try key.privateKey.signature(for: Data(input.utf8)).rawRepresentation)
        case .unknownKid:
            return try key.sign(iapClaims(), header: ["alg": "ES256", "kid": "not-published"])
        case .notAnEmail:
            return try key.sign(iapClaims(email: "accounts.google.com:alice"))
        case .missingEmail:
            return try key.sign(iapClaims(["email": NSNull()]))
        case .emailNotString:
            return try key.sign(iapClaims(["email": 42]))
        case .garbage:
            return "not-a-jwt"
        case .tooLong:
            return try key.sign(iapClaims(["padding": String(repeating: "x", count: 20_000)]))
        }
    }
}
