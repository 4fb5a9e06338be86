import JITAccessCore

/// Verifies activation tokens: a compact JWS with an allowed algorithm and a known key, then the
/// claims, strictly typed, with `iss`, `aud`, `iat` and `exp` checked against a clock.
public struct JWTVerifier: TokenVerifier {
    /// Tokens longer than this are refused before anything is parsed.
    public static let maximumTokenLength = 8 * 1024
    /// How far the signer's clock and this one may disagree, in seconds.
    public static let maximumClockSkew: Int64 = 30

    private let keys: any VerificationKeySource
    private let algorithms: Set<JWSAlgorithm>
    private let issuer: String
    private let audience: String
    private let clock: any WallClock

    /// A verifier that trusts `keys`, for tokens signed with one of `algorithms` by `issuer`
    /// for `audience`.
    public init(
        keys: any VerificationKeySource, algorithms: Set<JWSAlgorithm> = [.es256], issuer: String, audience: String,
        clock: any WallClock
    ) {
        self.keys = keys
        self.algorithms = algorithms
        self.issuer = issuer
        self.audience = audience
        self.clock = clock
    }

    /// The claims of `jwt`, checked in order: size, form, algorithm, `crit`, key, signature over
    /// the exact bytes received, claim types, `iss`, `aud`, `iat`, then `exp` (unless
    /// `acceptingExpired`). Throws ``JITAccessError/invalidArgument(_:)`` naming the first failure.
    public func verify(_ jwt: String, acceptingExpired: Bool) async throws -> ActivationToken {
        let jws = try await VerifiedJWS(
            jwt, name: "The activation token", signer: "this service", algorithms: algorithms, keys: keys,
            maximumLength: Self.maximumTokenLength
        )
        let claims = try ActivationClaims(payload: jws.payload)
        try check(claims, acceptingExpired: acceptingExpired)
        return claims.token(audience: audience)
    }

    private func check(_ claims: ActivationClaims, acceptingExpired: Bool) throws(JITAccessError) {
        guard claims.iss == issuer else {
            throw .invalidArgument("The activation token was issued by another service.")
        }
        guard claims.aud.values.contains(audience) else {
            throw .invalidArgument("The activation token is meant for another service.")
        }
        // Arithmetic on `now` only: claims are untrusted numbers that could overflow.
        let now = clock.now.secondsSinceEpoch
        guard claims.iat <= now + Self.maximumClockSkew else {
            throw .invalidArgument("The activation token was issued in the future; check the clocks of the servers.")
        }
        guard acceptingExpired || claims.exp >= now - Self.maximumClockSkew else {
            throw .invalidArgument("The activation token has expired.")
        }
    }
}
