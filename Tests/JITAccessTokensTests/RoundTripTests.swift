import Crypto
import Foundation
import JITAccessCore
import Testing
@testable import JITAccessTokens

@Suite("Signing and verifying activation tokens")
struct RoundTripTests {
    @Test("A signed token verifies and yields the same claims")
    func roundTrip() async throws {
        let fixture = try TokenFixture()
        let token = TokenFixture.sampleToken()
        let jwt = try await fixture.signer.sign(token)
        #expect(try await fixture.verifier().verify(jwt, acceptingExpired: false) == token)
    }

    @Test("The header is exactly alg, typ and kid; the signature is the 64-byte r||s")
    func headerAndSignatureForm() async throws {
        let fixture = try TokenFixture()
        let parts = try await fixture.signer.sign(TokenFixture.sampleToken()).segments
        try #require(parts.count == 3)
        let header = try #require(Base64URL.decode(parts[0]))
        #expect(String(decoding: header, as: UTF8.self) == #"{"alg":"ES256","typ":"JWT","kid":"\#(fixture.keyId)"}"#)
        #expect(Base64URL.decode(parts[2])?.count == 64)
        #expect(parts.allSatisfy { !$0.contains("=") })
    }

    @Test("The claims are exactly JIT Access 1.x's (docs/architecture.md, \"Activation tokens\"), times as whole seconds")
    func claimNames() async throws {
        let fixture = try TokenFixture()
        let parts = try await fixture.signer.sign(TokenFixture.sampleToken()).segments
        let payload = try #require(Base64URL.decode(parts[1]))
        let claims = try #require(try JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any])
        #expect(Set(claims.keys) == ["iss", "aud", "iat", "exp", "jti", "beneficiary", "reviewers", "resource", "role", "justification", "start", "end"])
        #expect(claims["iat"] as? Int == Int(TokenFixture.issuedAt))
        #expect(claims["iss"] as? String == TokenFixture.issuer)
        #expect(String(decoding: payload, as: UTF8.self).contains(#""iss":"http://127.0.0.1:8080""#))
    }

    @Test("The JWKS lists the key under its kid, and its x and y verify the token's signature")
    func jwksVerifiesSignature() async throws {
        let fixture = try TokenFixture()
        let jwt = try await fixture.signer.sign(TokenFixture.sampleToken())
        let document = try #require(try JSONSerialization.jsonObject(with: Data(fixture.signer.jwksJSON())) as? [String: Any])
        let keys = try #require(document["keys"] as? [[String: String]])
        try #require(keys.count == 1)
        let jwk = keys[0]
        #expect(jwk["kty"] == "EC" && jwk["crv"] == "P-256" && jwk["alg"] == "ES256" && jwk["use"] == "sig")
        #expect(jwk["kid"] == fixture.keyId)
        let x = try #require(jwk["x"].flatMap(standardBase64Decoded))
        let y = try #require(jwk["y"].flatMap(standardBase64Decoded))
        let publicKey = try P256.Signing.PublicKey(rawRepresentation: x + y)
        let parts = jwt.segments
        let signature = try P256.Signing.ECDSASignature(rawRepresentation: try #require(standardBase64Decoded(parts[2])))
        #expect(publicKey.isValidSignature(signature, for: Data((parts[0] + "." + parts[1]).utf8)))
    }

    @Test("The kid is the RFC 7638 thumbprint of the public key")
    func kidIsThumbprint() throws {
        let fixture = try TokenFixture()
        let raw = Array(fixture.privateKey.publicKey.rawRepresentation)
        let x = standardBase64URL(Data(raw.prefix(32))), y = standardBase64URL(Data(raw.suffix(32)))
        let canonical = #"{"crv":"P-256","kty":"EC","x":"\#(x)","y":"\#(y)"}"#
        #expect(fixture.keyId == standardBase64URL(Data(SHA256.hash(data: Data(canonical.utf8)))))
    }

    @Test("The RSA thumbprint matches the example of RFC 7638 section 3.1")
    func rsaThumbprintExample() throws {
        let n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
        let set = try JWKSet(jwksJSON: Array(#"{"keys":[{"kty":"RSA","n":"\#(n)","e":"AQAB","alg":"RS256"}]}"#.utf8))
        #expect(set.keys.map(\.id) == ["NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"])
    }
}

/// Base64url decoded by Foundation, independently of the code under test.
func standardBase64Decoded(_ text: String) -> [UInt8]? {
    var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
    return Data(base64Encoded: standard).map(Array.init)
}

/// Base64url encoded by Foundation, independently of the code under test.
func standardBase64URL(_ data: Data) -> String {
    data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        .replacingOccurrences(of: "=", with: "")
}
