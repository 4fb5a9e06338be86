import Crypto
import Foundation
import JITAccessCore
import Testing
@testable import JITAccessTokens
import JITAccessTestSupport

@Suite("Forged and damaged tokens are refused")
struct ForgedTokenTests {
    @Test("alg none is refused, with and without a signature", arguments: ["none", "None", "NONE"])
    func algNone(alg: String) async throws {
        let fixture = try TokenFixture()
        let valid = try await fixture.signer.sign(TokenFixture.sampleToken()).segments
        let header = Base64URL.encode(Array(#"{"alg":"\#(alg)","typ":"JWT","kid":"\#(fixture.keyId)"}"#.utf8))
        for signature in ["", valid[2]] {
            let message = await rejection { try await fixture.verifier().verify([header, valid[1], signature].joined(separator: "."), acceptingExpired: false) }
            #expect(message == "The activation token is signed with an algorithm this service does not accept.")
        }
    }

    @Test("An HMAC token keyed with the public key is refused", arguments: HMACKeying.allCases)
    func hmacKeyedWithPublicKey(keying: HMACKeying) async throws {
        let fixture = try TokenFixture()
        let key = SymmetricKey(data: keying.bytes(of: fixture))
        for alg in ["HS256", "HS384", "HS512"] {
            let header = Array(#"{"alg":"\#(alg)","typ":"JWT","kid":"\#(fixture.keyId)"}"#.utf8)
            let payload = try JSONSerialization.data(withJSONObject: try TokenFixture.sampleClaims())
            let jwt = CompactJWS.serialize(header: header, payload: Array(payload)) { input in
                Array(HMAC<SHA256>.authenticationCode(for: input, using: key))
            }
            let message = await rejection { try await fixture.verifier().verify(jwt, acceptingExpired: false) }
            #expect(message == "The activation token is signed with an algorithm this service does not accept.")
        }
    }

    /// What an attacker could use as the HMAC secret: every public form of the key.
    enum HMACKeying: CaseIterable {
        case jwks, pem, der, x963, raw

        func bytes(of fixture: TokenFixture) -> [UInt8] {
            let publicKey = fixture.privateKey.publicKey
            return switch self {
            case .jwks: fixture.signer.jwksJSON()
            case .pem: Array(publicKey.pemRepresentation.utf8)
            case .der: Array(publicKey.derRepresentation)
            case .x963: Array(publicKey.x963Representation)
            case .raw: Array(publicKey.rawRepresentation)
            }
        }
    }

    @Test("Algorithms outside the allow-list are refused even with a valid ES256 signature", arguments: ["ES384", "ES512", "RS256", "PS256", "EdDSA", "es256", ""])
    func otherAlgorithms(alg: String) async throws {
        let fixture = try TokenFixture()
        let jwt = try fixture.forge(header: #"{"alg":"\#(alg)","typ":"JWT","kid":"\#(fixture.keyId)"}"#, claims: TokenFixture.sampleClaims())
        let message = await rejection { try await fixture.verifier().verify(jwt, acceptingExpired: false) }
        #expect(message == "The activation token is signed with an algorithm this service does not accept.")
    }

    @Test("An allowed algorithm that does not fit the key is refused")
    func algorithmKeyMismatch() async throws {
        let fixture = try TokenFixture()
        let verifier = JWTVerifier(
            keys: fixture.signer.keySet, algorithms: [.es256, .rs256], issuer: TokenFixture.issuer, audience: TokenFixture.issuer,
            clock: TestClock(Timestamp(secondsSinceEpoch: TokenFixture.issuedAt))
        )
        let jwt = try fixture.forge(header: #"{"alg":"RS256","typ":"JWT","kid":"\#(fixture.keyId)"}"#, claims: TokenFixture.sampleClaims())
        let message = await rejection { try await verifier.verify(jwt, acceptingExpired: false) }
        #expect(message == "The activation token is not signed by this service: it names a key this service does not have.")
    }

    @Test("A token signed by another P-256 key is refused, whatever kid it names", arguments: [KidChoice.sameAsService, .unknown, .absent])
    func otherKey(kid: KidChoice) async throws {
        let fixture = try TokenFixture()
        let header = switch kid {
        case .sameAsService: fixture.header
        case .unknown: #"{"alg":"ES256","typ":"JWT","kid":"\#(JSONWebKey(.p256(P256.Signing.PrivateKey().publicKey)).id)"}"#
        case .absent: #"{"alg":"ES256","typ":"JWT"}"#
        }
        let jwt = try fixture.forge(header: header, claims: TokenFixture.sampleClaims(), key: P256.Signing.PrivateKey())
        let message = await rejection { try await fixture.verifier().verify(jwt, acceptingExpired: false) }
        #expect(message == kid.expectedMessage)
    }

    enum KidChoice {
        case sameAsService, unknown, absent

        var expectedMessage: String {
            switch self {
            case .unknown: "The activation token is not signed by this service: it names a key this service does not have."
            case .sameAsService, .absent: "The activation token is not signed by this service: the signature does not match."
            }
        }
    }

    @Test("A token without kid verifies when the set has exactly one key")
    func absentKidWithOneKey() async throws {
        let fixture = try TokenFixture()
        let jwt = try fixture.forge(header: #"{"alg":"ES256","typ":"JWT"}"#, claims: TokenFixture.sampleClaims())
        #expect(try await fixture.verifier().verify(jwt, acceptingExpired: false) == TokenFixture.sampleToken())
    }

    @Test("A modified claim with the original signature is refused")
    func modifiedClaim() async throws {
        let fixture = try TokenFixture()
        let valid = try await fixture.signer.sign(TokenFixture.sampleToken()).segments
        var claims = try TokenFixture.sampleClaims()
        claims["reviewers"] = ["bob@example.com", "eve@example.com"]
        let payload = Base64URL.encode(Array(try JSONSerialization.data(withJSONObject: claims)))
        let message = await rejection { try await fixture.verifier().verify([valid[0], payload, valid[2]].joined(separator: "."), acceptingExpired: false) }
        #expect(message == "The activation token is not signed by this service: the signature does not match.")
    }

    @Test("A token with a crit header is refused even when properly signed")
    func criticalHeader() async throws {
        let fixture = try TokenFixture()
        let jwt = try fixture.forge(header: #"{"alg":"ES256","typ":"JWT","kid":"\#(fixture.keyId)","crit":["exp"]}"#, claims: TokenFixture.sampleClaims())
        let message = await rejection { try await fixture.verifier().verify(jwt, acceptingExpired: false) }
        #expect(message == #"The activation token demands header extensions ("crit") this service does not implement."#)
    }

    @Test("Truncated tokens are refused", arguments: [1, 2, 3, 10, 43, 87, 200])
    func truncated(droppedCharacters: Int) async throws {
        let fixture = try TokenFixture()
        let jwt = try await fixture.signer.sign(TokenFixture.sampleToken())
        let message = await rejection { try await fixture.verifier().verify(String(jwt.dropLast(droppedCharacters)), acceptingExpired: false) }
        #expect(message?.hasPrefix("The activation token is") == true)
    }

    @Test("A validly signed token over 8 KiB is refused before parsing")
    func oversized() async throws {
        let fixture = try TokenFixture()
        let jwt = try await fixture.signer.sign(TokenFixture.sampleToken(justification: String(repeating: "x", count: 10 * 1024)))
        let message = await rejection { try await fixture.verifier().verify(jwt, acceptingExpired: false) }
        #expect(message == "The activation token is longer than 8192 bytes, so it is not one this service made.")
    }

    @Test("Malformed compact serializations are refused", arguments: Damage.allCases)
    func malformed(damage: Damage) async throws {
        let fixture = try TokenFixture()
        let jwt = damage.apply(to: try await fixture.signer.sign(TokenFixture.sampleToken()))
        let message = await rejection { try await fixture.verifier().verify(jwt, acceptingExpired: false) }
        #expect(message == damage.expectedMessage)
    }

    enum Damage: CaseIterable {
        case extraSegment, fiveSegments, twoSegments, empty, paddedSignature, paddedHeader, standardAlphabet, whiteSpace, nonCanonicalBits

        func apply(to jwt: String) -> String {
            var parts = jwt.segments
            switch self {
            case .extraSegment: return jwt + ".e30"
            case .fiveSegments: return jwt + ".e30.e30"
            case .twoSegments: return parts[0] + "." + parts[1]
            case .empty: return ""
            case .paddedSignature: parts[2] += "=="
            case .paddedHeader: parts[0] += String(repeating: "=", count: (4 - parts[0].count % 4) % 4 + 4)
            case .standardAlphabet: parts[2] = parts[2].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/") + "+/"
            case .whiteSpace: parts[1] = String(parts[1].prefix(8)) + " " + String(parts[1].dropFirst(8))
            case .nonCanonicalBits:
                // 64 bytes take 86 characters; the last one carries 4 unused bits: set one, so
                // the text differs but would decode to the same bytes.
                let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
                let last = parts[2].removeLast()
                let value = alphabet.firstIndex(of: last) ?? 0
                parts[2].append(alphabet[value | 1])
            }
            return parts.joined(separator: ".")
        }

        var expectedMessage: String {
            switch self {
            case .extraSegment, .fiveSegments, .twoSegments, .empty:
                "The activation token is incomplete or malformed: it must have three parts separated by dots."
            case .paddedSignature, .paddedHeader, .standardAlphabet, .whiteSpace, .nonCanonicalBits:
                "The activation token is malformed: each part must be base64url without padding."
            }
        }
    }

    @Test("A header that is not a JSON object with a string alg is refused", arguments: ["[]", "\"ES256\"", "{}", #"{"alg":256}"#, #"{"alg":"ES256","kid":7}"#, "not json"])
    func invalidHeader(header: String) async throws {
        let fixture = try TokenFixture()
        let jwt = try fixture.forge(header: header, claims: TokenFixture.sampleClaims())
        let message = await rejection { try await fixture.verifier().verify(jwt, acceptingExpired: false) }
        #expect(message == #"The activation token has an invalid header: it must be a JSON object with a string "alg"."#)
    }
}
