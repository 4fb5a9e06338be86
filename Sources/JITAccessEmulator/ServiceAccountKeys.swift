import Crypto
import Foundation
import JITAccessTokens
import Synchronization
import _CryptoExtras

/// The emulator's signing keys for service accounts: one RSA key per account, made on first
/// use and kept for the emulator's life, as Google keeps a system-managed key per account.
public final class ServiceAccountKeys: Sendable {
    private let keys = Mutex<[String: _RSA.Signing.PrivateKey]>([:])

    /// No keys yet.
    public init() {}

    /// The key of `account`, made now if it has none.
    func privateKey(of account: String) throws -> _RSA.Signing.PrivateKey {
        try keys.withLock { keys in
            if let key = keys[account] { return key }
            let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            keys[account] = key
            return key
        }
    }

    /// The public keys of `account` as a JWKS, as Google publishes them at
    /// `/service_accounts/v1/metadata/jwk/EMAIL`.
    func keySet(of account: String) throws -> JWKSet {
        JWKSet(keys: [JSONWebKey(.rsa(try privateKey(of: account).publicKey))])
    }

    /// `payload` signed RS256 by `account`'s key, with the key id: what `signJwt` returns.
    func signJWT(payload: Data, as account: String) throws -> (keyId: String, jwt: String) {
        let key = try privateKey(of: account)
        let keyId = JSONWebKey(.rsa(key.publicKey)).id
        let header = try JSONEncoder.sorted.encode(["alg": "RS256", "kid": keyId, "typ": "JWT"])
        let signingInput = "\(Self.base64URL(header)).\(Self.base64URL(payload))"
        let signature = try key.signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5)
        return (keyId, "\(signingInput).\(Self.base64URL(signature.rawRepresentation))")
    }

    /// JOSE's base64url: the URL-safe alphabet without padding.
    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
