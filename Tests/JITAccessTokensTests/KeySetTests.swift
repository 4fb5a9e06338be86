import Crypto
import Foundation
import JITAccessCore
import Testing
import _CryptoExtras
@testable import JITAccessTokens
import JITAccessTestSupport

@Suite("JSON Web Key Sets and RS256")
struct KeySetTests {
    @Test("A JWKS document read back gives the same keys")
    func jwksRoundTrip() throws {
        let fixture = try TokenFixture()
        let parsed = try JWKSet(jwksJSON: fixture.signer.jwksJSON())
        #expect(parsed.keys.map(\.id) == [fixture.keyId])
        #expect(parsed.jwksJSON() == fixture.signer.jwksJSON())
    }

    @Test("Keys jitaccess cannot verify with are left out of a parsed set")
    func unusableKeysSkipped() throws {
        let raw = Array(P256.Signing.PrivateKey().publicKey.rawRepresentation)
        let point = #""x":"\#(Base64URL.encode(raw.prefix(32)))","y":"\#(Base64URL.encode(raw.suffix(32)))""#
        let keys = [
            #"{"kty":"EC","crv":"P-384","x":"AA","y":"AA","kid":"p384"}"#,
            #"{"kty":"oct","k":"c2VjcmV0","kid":"hmac"}"#,
            #"{"kty":"EC","crv":"P-256",\#(point),"kid":"encryption","use":"enc"}"#,
            #"{"kty":"EC","crv":"P-256",\#(point),"kid":"es384","alg":"ES384"}"#,
            #"{"kty":"EC","crv":"P-256",\#(point),"kid":"good","alg":"ES256","use":"sig"}"#,
        ]
        let set = try JWKSet(jwksJSON: Array(#"{"keys":[\#(keys.joined(separator: ","))]}"#.utf8))
        #expect(set.keys.map(\.id) == ["good"])
    }

    @Test("A malformed usable key, or a document that is not a key set, is an error", arguments: [
        #"{"keys":[{"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA","kid":"short"}]}"#,
        #"{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB","kid":"tiny"}]}"#,
        #"{"keys":{}}"#,
        #"[]"#,
    ])
    func malformedSet(json: String) {
        #expect(throws: TokenKeyError.self) { try JWKSet(jwksJSON: Array(json.utf8)) }
    }

    @Test("A point that is not on P-256 is refused")
    func pointNotOnCurve() throws {
        let raw = Array(P256.Signing.PrivateKey().publicKey.rawRepresentation)
        var y = Array(raw.suffix(32))
        y[31] ^= 1
        let json = #"{"keys":[{"kty":"EC","crv":"P-256","x":"\#(Base64URL.encode(raw.prefix(32)))","y":"\#(Base64URL.encode(y))"}]}"#
        #expect(throws: TokenKeyError.self) { try JWKSet(jwksJSON: Array(json.utf8)) }
    }

    @Test("Without a kid, a key is found only in a one-key set")
    func lookupWithoutKid() {
        let one = JSONWebKey(.p256(P256.Signing.PrivateKey().publicKey))
        let two = JSONWebKey(.p256(P256.Signing.PrivateKey().publicKey))
        #expect(JWKSet(keys: [one]).key(id: nil)?.id == one.id)
        #expect(JWKSet(keys: [one, two]).key(id: nil) == nil)
        #expect(JWKSet(keys: [one, two]).key(id: two.id)?.id == two.id)
    }

    @Test("RS256 verifies only when the verifier is configured for it")
    func rs256() async throws {
        let rsa = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let published = try JWKSet(jwksJSON: JWKSet(keys: [JSONWebKey(.rsa(rsa.publicKey), id: "google-1")]).jwksJSON())
        let header = Array(#"{"alg":"RS256","typ":"JWT","kid":"google-1"}"#.utf8)
        let payload = try JSONSerialization.data(withJSONObject: try TokenFixture.sampleClaims())
        let jwt = try CompactJWS.serialize(header: header, payload: Array(payload)) { input in
            Array(try rsa.signature(for: SHA256.hash(data: input), padding: .insecurePKCS1v1_5).rawRepresentation)
        }
        let clock = TestClock(Timestamp(secondsSinceEpoch: TokenFixture.issuedAt))
        let rsaVerifier = JWTVerifier(keys: published, algorithms: [.rs256], issuer: TokenFixture.issuer, audience: TokenFixture.issuer, clock: clock)
        #expect(try await rsaVerifier.verify(jwt, acceptingExpired: false) == TokenFixture.sampleToken())

        let defaultVerifier = JWTVerifier(keys: published, issuer: TokenFixture.issuer, audience: TokenFixture.issuer, clock: clock)
        let message = await rejection { try await defaultVerifier.verify(jwt, acceptingExpired: false) }
        #expect(message == "The activation token is signed with an algorithm this service does not accept.")

        var tampered = jwt.segments
        tampered[2] = Base64URL.encode(Array(repeating: 0, count: 256))
        let forged = await rejection { try await rsaVerifier.verify(tampered.joined(separator: "."), acceptingExpired: false) }
        #expect(forged == "The activation token is not signed by this service: the signature does not match.")
    }
}
