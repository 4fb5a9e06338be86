import Foundation
import HTTPTypes
import HummingbirdTesting
import JITAccessCore
import JITAccessEmulator
import JITAccessTokens
import Testing
import JITAccessTestSupport

@Suite("IAM Credentials v1 signJwt and the service-account key sets")
struct IAMCredentialsTests {
    static let account = "jitaccess@my-project.iam.gserviceaccount.com"
    static let signPath = "/v1/projects/-/serviceAccounts/\(account):signJwt"
    static let token = ActivationToken(
        iss: account, aud: "https://jitaccess.example.com/", iat: 1_767_225_600, exp: 1_767_229_200, jti: "token-1",
        beneficiary: "alice@example.com", reviewers: ["bob@example.com"], resource: "projects/prod-db", role: "roles/cloudsql.admin",
        justification: "bug 12345", start: 1_767_225_600, end: 1_767_229_200
    )

    /// The emulator's time: when the token was issued.
    static let clock = TestClock(Timestamp(secondsSinceEpoch: 1_767_225_600))

    static func signBody(_ token: ActivationToken) throws -> String {
        let payload = String(decoding: try JSONEncoder().encode(token), as: UTF8.self)
        return String(decoding: try JSONEncoder().encode(["payload": payload]), as: UTF8.self)
    }

    static func verifier(_ jwks: Data) throws -> JWTVerifier {
        JWTVerifier(
            keys: try JWKSet(jwksJSON: Array(jwks)), algorithms: [.rs256], issuer: account, audience: "https://jitaccess.example.com/",
            clock: TestClock(Timestamp(secondsSinceEpoch: 1_767_225_660))
        )
    }

    @Test("a JWT signed through signJwt verifies RS256 with the account's published key set")
    func signedTokenVerifies() async throws {
        let fixture = try EmulatorFixture(clock: Self.clock)
        try await fixture.application.test(.router) { client in
            let signed = try await client.call(Self.signPath, body: Self.signBody(Self.token))
            #expect(signed.status == .ok, "\(signed.text)")
            let schema = try DiscoveryDocument(fixture: "iamcredentials.v1")
            #expect(try schema.problems(in: signed.json, asInstanceOf: "SignJwtResponse") == [])
            let jwt = try #require(try signed.json["signedJwt"]?.stringValue)
            let keyId = try #require(try signed.json["keyId"]?.stringValue)

            let jwks = try await client.call("/service_accounts/v1/metadata/jwk/\(Self.account)", method: .get, token: nil)
            #expect(jwks.status == .ok)
            guard case .array(let keys)? = try jwks.json["keys"], let key = keys.first else {
                Issue.record("no keys in \(jwks.text)")
                return
            }
            #expect(key["kid"] == .string(keyId))
            #expect(key["kty"] == .string("RSA"))
            #expect(key["alg"] == .string("RS256"))
            #expect(key["use"] == .string("sig"))
            #expect(key["n"]?.stringValue?.isEmpty == false && key["e"]?.stringValue?.isEmpty == false)

            let header = try #require(jwt.split(separator: ".").first)
            let headerJSON = try #require(Data(base64Encoded: String(header).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/").padding(toLength: (header.count + 3) / 4 * 4, withPad: "=", startingAt: 0)))
            #expect(try JSONDecoder().decode([String: String].self, from: headerJSON) == ["alg": "RS256", "kid": keyId, "typ": "JWT"])
            #expect(try await Self.verifier(jwks.body).verify(jwt, acceptingExpired: false) == Self.token)
        }
    }

    @Test("another account's key does not verify the token")
    func otherAccountKeyFails() async throws {
        let fixture = try EmulatorFixture(clock: Self.clock)
        try await fixture.application.test(.router) { client in
            let signed = try await client.call(Self.signPath, body: Self.signBody(Self.token))
            let jwt = try #require(try signed.json["signedJwt"]?.stringValue)
            let other = try await client.call("/service_accounts/v1/metadata/jwk/other@my-project.iam.gserviceaccount.com", method: .get, token: nil)
            await #expect(throws: JITAccessError.self) { try await Self.verifier(other.body).verify(jwt, acceptingExpired: false) }
        }
    }

    @Test("bad signJwt requests get 400 INVALID_ARGUMENT", arguments: [
        "", "{}", #"{"payload":"not json"}"#, #"{"payload":"{\"exp\":1767225599}"}"#, #"{"payload":"{\"exp\":1767268801}"}"#,
        #"{"payload":"{\"exp\":\"1767229200\"}"}"#, #"{"payload":"{\"exp\":1767229200.5}"}"#, #"{"payload":"[1]"}"#, #"{"payload":{"iss":"x"}}"#, #"{"payload":"{}","extra":1}"#,
    ])
    func badBodies(body: String) async throws {
        let fixture = try EmulatorFixture(clock: Self.clock)
        try await fixture.application.test(.router) { client in
            let answer = try await client.call(Self.signPath, body: body)
            #expect(answer.status == .badRequest)
            #expect(try answer.json["error"]?["status"] == .string("INVALID_ARGUMENT"))
        }
    }

    @Test("signJwt needs a bearer token")
    func needsToken() async throws {
        let fixture = try EmulatorFixture(clock: Self.clock)
        try await fixture.application.test(.router) { client in
            let answer = try await client.call(Self.signPath, body: Self.signBody(Self.token), token: nil)
            #expect(answer.status == .unauthorized)
        }
    }
}
