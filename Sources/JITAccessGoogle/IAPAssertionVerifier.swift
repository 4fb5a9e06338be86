import AsyncHTTPClient
import JITAccessCore
import JITAccessTokens
import Logging
import NIOCore

/// Verifies the assertion Identity-Aware Proxy signs into every request it lets through, which is
/// the only proof of who the user is: anything reaching the service around IAP has none.
///
/// The assertion must be ES256-signed by a key in IAP's key set, issued by
/// `https://cloud.google.com/iap` for the configured audience, with `iat` and `exp` checked with
/// 30 s of clock skew. A missing assertion is ``JITAccessError/notSignedIn(_:)`` (401); one that
/// fails any check is ``JITAccessError/accessDenied(_:)`` (403); key sets that cannot be fetched
/// are ``JITAccessError/backend(_:)`` (502).
public struct IAPAssertionVerifier: Sendable {
    /// The request header IAP puts the assertion in.
    public static let headerName = "x-goog-iap-jwt-assertion"
    /// The issuer of every IAP assertion.
    public static let issuer = "https://cloud.google.com/iap"
    /// How far IAP's clock and this one may disagree, in seconds.
    public static let maximumClockSkew: Int64 = 30
    /// IAP assertions are about a kilobyte; longer ones are refused before anything is parsed.
    public static let maximumAssertionLength = 16 * 1024

    private static let name = "The Identity-Aware Proxy assertion"

    private let keys: any VerificationKeySource
    private let audience: IAPConfiguration.Audience
    private let clock: any WallClock

    /// A verifier trusting `keys` for assertions meant for `audience`.
    public init(keys: any VerificationKeySource, audience: IAPConfiguration.Audience, clock: any WallClock) {
        self.keys = keys
        self.audience = audience
        self.clock = clock
    }

    /// A verifier for `configuration`, fetching IAP's keys with `client` within `timeout` and
    /// logging the fetches to `logger`.
    public init(
        configuration: IAPConfiguration, client: HTTPClient = .shared, timeout: TimeAmount = .seconds(10),
        clock: any WallClock, logger: Logger = Logger(label: "jitaccess.iap")
    ) {
        self.init(
            keys: RemoteKeySet(url: configuration.publicKeysURL, client: client, timeout: timeout, logger: logger),
            audience: configuration.audience, clock: clock
        )
    }

    /// The identity `assertion` (the header's value; nil when the header is absent) proves.
    public func verify(_ assertion: String?) async throws -> IAPIdentity {
        guard let assertion, !assertion.isEmpty else {
            throw JITAccessError.notSignedIn(
                "You are not signed in: the request has no Identity-Aware Proxy assertion (header \(Self.headerName)). Open this service through its IAP-protected address."
            )
        }
        let jws: VerifiedJWS
        do {
            jws = try await VerifiedJWS(
                assertion, name: Self.name, signer: "Identity-Aware Proxy", algorithms: [.es256], keys: keys,
                maximumLength: Self.maximumAssertionLength
            )
        } catch JITAccessError.invalidArgument(let reason) {
            throw JITAccessError.accessDenied(reason)
        }
        let claims = try IAPClaims(payload: jws.payload)
        try check(claims)
        guard let user = UserId(claims.email) else {
            throw JITAccessError.accessDenied("\(Self.name)'s email claim is not an e-mail address.")
        }
        return IAPIdentity(
            user: user, subject: claims.sub, hostedDomain: claims.hd, deviceId: claims.google?.deviceId,
            accessLevels: claims.google?.accessLevels ?? []
        )
    }

    private func check(_ claims: IAPClaims) throws(JITAccessError) {
        guard claims.iss == Self.issuer else {
            throw .accessDenied("\(Self.name) was not issued by Identity-Aware Proxy (issuer \"\(claims.iss)\").")
        }
        if case .expected(let expected) = audience, !claims.aud.values.contains(expected) {
            throw .accessDenied(
                "\(Self.name) is meant for another application (audience \(claims.aud.values.joined(separator: ", ")), expected \(expected)); check IAP_AUDIENCE or IAP_BACKEND_SERVICE_ID."
            )
        }
        // Arithmetic on `now` only: claims are untrusted numbers that could overflow.
        let now = clock.now.secondsSinceEpoch
        guard claims.iat <= now + Self.maximumClockSkew else {
            throw .accessDenied("\(Self.name) was issued in the future; check this server's clock.")
        }
        guard claims.exp >= now - Self.maximumClockSkew else {
            throw .accessDenied("\(Self.name) has expired; reload the page.")
        }
    }
}
