import JITAccessCore
import JITAccessTokens

/// Activation tokens as compact JWS: the parser, then the whole verifier with ES256 and RS256
/// keys, then the request a verified token carries.
///
/// Promises: every part of a token that parses is canonical base64url (one spelling per
/// signature, since the signature covers the text received), and a token valid now is also
/// valid when expired ones are accepted, with the same claims.
enum CompactJWSTarget {
    private static let verifier = JWTVerifier(
        keys: FuzzFixtures.tokenKeys, algorithms: [.es256, .rs256], issuer: FuzzFixtures.tokenIssuer,
        audience: FuzzFixtures.tokenIssuer, clock: FuzzFixtures.clock
    )

    static func run(_ bytes: [UInt8]) throws(InvariantViolation) {
        let token = String(decoding: bytes, as: UTF8.self)
        if (try? CompactJWS(token, name: "The activation token")) != nil {
            for part in token.split(separator: ".", omittingEmptySubsequences: false) {
                let decoded = Base64URL.decode(part)
                try expect(
                    decoded.map { Base64URL.encode($0) } == String(part),
                    "the token part \(part.debugDescription) is accepted but is not canonical base64url"
                )
            }
        }
        let current = waitFor { try? await verifier.verify(token, acceptingExpired: false) }
        let lapsed = waitFor { try? await verifier.verify(token, acceptingExpired: true) }
        if let current {
            try expect(lapsed == current, "a token valid now reads differently when expired tokens are accepted")
        }
        _ = try? lapsed?.request()
    }
}
