import Crypto
import Foundation
import JITAccessCore
import JITAccessGoogle
import JITAccessTestSupport
import JITAccessTokens
import Logging
import NIOCore

/// An IAP-style signing key: a P-256 key and the kid it is published under.
struct IAPSigningKey {
    let kid: String
    let privateKey = P256.Signing.PrivateKey()

    var publicKey: JSONWebKey { JSONWebKey(.p256(privateKey.publicKey), id: kid) }
    var keySet: JWKSet { JWKSet(keys: [publicKey]) }

    /// A compact JWS of `claims` under `header` (alg ES256 and this kid unless given).
    func sign(_ claims: [String: Any], header: [String: Any]? = nil) throws -> String {
        let input = try signingInput(claims, header: header ?? ["alg": "ES256", "kid": kid, "typ": "JWT"])
        return input + "." + Base64URL.encode(try privateKey.signature(for: Data(input.utf8)).rawRepresentation)
    }
}
