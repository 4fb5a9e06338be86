import JITAccessCore
import JITAccessGoogle
import JITAccessTokens

/// Identity-Aware Proxy assertions, the one proof of who a user is: the whole verifier, and
/// the claims reader on the payload of any well-formed JWS (which the signature otherwise keeps
/// the fuzzer from reaching).
///
/// Promise: an assertion that verifies is still refused by a verifier expecting another
/// audience, and by one whose clock is past its expiry.
enum IAPAssertionTarget {
    private static let verifier = IAPAssertionVerifier(
        keys: FuzzFixtures.iapKeys, audience: .expected(FuzzFixtures.iapAudience), clock: FuzzFixtures.clock
    )
    private static let otherAudience = IAPAssertionVerifier(
        keys: FuzzFixtures.iapKeys, audience: .expected("/projects/1/global/backendServices/1"), clock: FuzzFixtures.clock
    )
    /// A year after ``FuzzFixtures/clock``: every assertion has expired by then.
    private static let nextYear = IAPAssertionVerifier(
        keys: FuzzFixtures.iapKeys, audience: .expected(FuzzFixtures.iapAudience),
        clock: StoppedClock(now: FuzzFixtures.clock.now.adding(seconds: 365 * 24 * 3600))
    )

    static func run(_ bytes: [UInt8]) throws(InvariantViolation) {
        let assertion = String(decoding: bytes, as: UTF8.self)
        if let jws = try? CompactJWS(assertion, name: "The Identity-Aware Proxy assertion") {
            _ = try? IAPClaims(payload: jws.payload)
        }
        guard let identity = waitFor({ try? await verifier.verify(assertion) }) else { return }
        let elsewhere = waitFor { try? await otherAudience.verify(assertion) }
        try expect(elsewhere == nil, "an assertion for \(identity.user) verifies for another audience too")
        let later = waitFor { try? await nextYear.verify(assertion) }
        try expect(later == nil, "an assertion for \(identity.user) still verifies a year later")
    }
}
