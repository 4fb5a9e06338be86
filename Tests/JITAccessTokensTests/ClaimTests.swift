import Crypto
import Foundation
import JITAccessCore
import Testing
@testable import JITAccessTokens

@Suite("Claims are checked strictly")
struct ClaimTests {
    static let claimNames = ["iss", "aud", "iat", "exp", "jti", "beneficiary", "reviewers", "resource", "role", "justification", "start", "end"]

    @Test("A token that lacks a claim is refused, naming it", arguments: claimNames)
    func missingClaim(name: String) async throws {
        let fixture = try TokenFixture()
        var claims = try TokenFixture.sampleClaims()
        claims[name] = nil
        let message = await rejection { try await fixture.verifier().verify(try fixture.forge(claims: claims), acceptingExpired: false) }
        #expect(message == "The activation token lacks the claim \"\(name)\".")
    }

    @Test("A claim of the wrong JSON type is refused, naming it", arguments: [
        ("reviewers", "bob@example.com", "a list of strings"),
        ("reviewers", [1, 2], "a list of strings"),
        ("reviewers", NSNull(), "a list of strings"),
        ("exp", "123", "an integer number of seconds"),
        ("iat", true, "an integer number of seconds"),
        ("start", ["1"], "an integer number of seconds"),
        ("beneficiary", 42, "a string"),
        ("justification", ["why"], "a string"),
        ("aud", 7, "a string or a list of strings"),
    ] as [(String, any Sendable, String)])
    func wrongType(name: String, value: any Sendable, expected: String) async throws {
        let fixture = try TokenFixture()
        var claims = try TokenFixture.sampleClaims()
        claims[name] = value
        let message = await rejection { try await fixture.verifier().verify(try fixture.forge(claims: claims), acceptingExpired: false) }
        #expect(message == "The activation token's claim \"\(name)\" must be \(expected).")
    }

    @Test("A fractional or out-of-range time is refused", arguments: [1.5, 1e30])
    func fractionalTime(value: Double) async throws {
        let fixture = try TokenFixture()
        var claims = try TokenFixture.sampleClaims()
        claims["exp"] = value
        let message = await rejection { try await fixture.verifier().verify(try fixture.forge(claims: claims), acceptingExpired: false) }
        #expect(message == "The activation token's claims are not valid JSON, or a time in them is not a whole number of seconds.")
    }

    @Test("Claims that are not a JSON object are refused")
    func claimsNotAnObject() async throws {
        let fixture = try TokenFixture()
        let jwt = try CompactJWS.serialize(header: Array(fixture.header.utf8), payload: Array("[1,2]".utf8)) { input in
            Array(try fixture.privateKey.signature(for: input).rawRepresentation)
        }
        let message = await rejection { try await fixture.verifier().verify(jwt, acceptingExpired: false) }
        #expect(message == "The activation token's claims are not a JSON object.")
    }

    @Test("Extra claims are ignored")
    func extraClaims() async throws {
        let fixture = try TokenFixture()
        var claims = try TokenFixture.sampleClaims()
        claims["nbf"] = 0
        claims["note"] = ["anything": true]
        #expect(try await fixture.verifier().verify(try fixture.forge(claims: claims), acceptingExpired: false) == TokenFixture.sampleToken())
    }

    @Test("A token from another issuer is refused")
    func wrongIssuer() async throws {
        let fixture = try TokenFixture()
        var claims = try TokenFixture.sampleClaims()
        claims["iss"] = "http://127.0.0.1:9090"
        let message = await rejection { try await fixture.verifier().verify(try fixture.forge(claims: claims), acceptingExpired: false) }
        #expect(message == "The activation token was issued by another service.")
    }

    @Test("A token for another audience is refused", arguments: [["http://127.0.0.1:9090"] as [String], []])
    func wrongAudience(audience: [String]) async throws {
        let fixture = try TokenFixture()
        var claims = try TokenFixture.sampleClaims()
        claims["aud"] = audience.count == 1 ? audience[0] as Any : audience as Any
        let message = await rejection { try await fixture.verifier().verify(try fixture.forge(claims: claims), acceptingExpired: false) }
        #expect(message == "The activation token is meant for another service.")
    }

    @Test("An audience list that contains this service is accepted")
    func audienceList() async throws {
        let fixture = try TokenFixture()
        var claims = try TokenFixture.sampleClaims()
        claims["aud"] = ["https://other.example", TokenFixture.issuer]
        #expect(try await fixture.verifier().verify(try fixture.forge(claims: claims), acceptingExpired: false) == TokenFixture.sampleToken())
    }

    @Test("exp is enforced with 30 seconds of skew, unless expired tokens are accepted", arguments: [
        (3600 + 30, true), (3600 + 31, false), (100_000, false),
    ] as [(Int64, Bool)])
    func expiry(secondsAfterIssue: Int64, valid: Bool) async throws {
        let fixture = try TokenFixture()
        let jwt = try await fixture.signer.sign(TokenFixture.sampleToken())
        let verifier = fixture.verifier(secondsAfterIssue: secondsAfterIssue)
        let message = await rejection { try await verifier.verify(jwt, acceptingExpired: false) }
        #expect(message == (valid ? nil : "The activation token has expired."))
        #expect(try await verifier.verify(jwt, acceptingExpired: true) == TokenFixture.sampleToken())
    }

    @Test("An expired token accepted as such must still carry a valid signature")
    func acceptingExpiredStillChecksSignature() async throws {
        let fixture = try TokenFixture()
        let jwt = try fixture.forge(claims: TokenFixture.sampleClaims(), key: P256.Signing.PrivateKey())
        let message = await rejection { try await fixture.verifier(secondsAfterIssue: 100_000).verify(jwt, acceptingExpired: true) }
        #expect(message == "The activation token is not signed by this service: the signature does not match.")
    }

    @Test("iat beyond 30 seconds in the future is refused", arguments: [(-30, true), (-31, false)] as [(Int64, Bool)])
    func issuedInFuture(secondsAfterIssue: Int64, valid: Bool) async throws {
        let fixture = try TokenFixture()
        let jwt = try await fixture.signer.sign(TokenFixture.sampleToken())
        let message = await rejection { try await fixture.verifier(secondsAfterIssue: secondsAfterIssue).verify(jwt, acceptingExpired: true) }
        #expect(message == (valid ? nil : "The activation token was issued in the future; check the clocks of the servers."))
    }

    @Test("Extreme times do not overflow", arguments: [Int64.max, Int64.min])
    func extremeTimes(value: Int64) async throws {
        let fixture = try TokenFixture()
        var claims = try TokenFixture.sampleClaims()
        claims["exp"] = value
        claims["iat"] = value
        let message = await rejection { try await fixture.verifier().verify(try fixture.forge(claims: claims), acceptingExpired: false) }
        #expect(message != nil)
    }
}
