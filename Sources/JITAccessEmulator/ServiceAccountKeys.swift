import Crypto
import Foundation
import JITAccessCore
import JITAccessTokens
import Synchronization
import _CryptoExtras

/// The emulator's signing keys for service accounts: one RSA key per account, made on first
/// use and kept for the emulator's life, as Google keeps a system-managed key per account; and
/// the user-managed keys it has handed out as key files, whose assertions its `token_uri` accepts.
public final class ServiceAccountKeys: Sendable {
    /// A key handed out in a key file: whose it is, its public half, and the `token_uri` written
    /// into the file, which is the audience its assertions must name.
    struct KeyFileKey: Sendable {
        let account: String
        let publicKey: JSONWebKey
        let tokenURI: String
    }

    private let keys = Mutex<[String: _RSA.Signing.PrivateKey]>([:])
    private let keyFileKeys = Mutex<[String: KeyFileKey]>([:])

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
        let signingInput = "\(Base64URL.encode(header)).\(Base64URL.encode(payload))"
        let signature = try key.signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5)
        return (keyId, "\(signingInput).\(Base64URL.encode(signature.rawRepresentation))")
    }

    /// A key file handed out: the key's id and the file's JSON.
    public struct KeyFile: Sendable {
        /// The key's id, the file's `private_key_id`.
        public let id: String
        /// The file: `{"type": "service_account", "private_key", "client_email", "token_uri", ...}`.
        public let json: Data
    }

    /// A new key of `account` as a key file (as `gcloud iam service-accounts keys create`
    /// writes it) naming `tokenURI`: the emulator's `/token`, which then accepts assertions
    /// signed with it.
    public func createKeyFile(for account: String, tokenURI: String) throws -> KeyFile {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let id = SecureRandom.hex(bytes: 20)
        keyFileKeys.withLock { $0[id] = KeyFileKey(account: account, publicKey: JSONWebKey(.rsa(key.publicKey), id: id), tokenURI: tokenURI) }
        let project = account.split(separator: "@").last?.split(separator: ".").first.map(String.init) ?? "emulator"
        return KeyFile(id: id, json: try JSONEncoder.sorted.encode([
            "type": "service_account",
            "project_id": project,
            "private_key_id": id,
            "private_key": key.pkcs8PEMRepresentation + "\n",
            "client_email": account,
            "client_id": String(UInt64.random(in: 100_000_000_000_000_000 ... 999_999_999_999_999_999)),
            "auth_uri": "https://accounts.google.com/o/oauth2/auth",
            "token_uri": tokenURI,
            "universe_domain": "googleapis.com",
        ]))
    }

    /// The key-file key named `id`, if the emulator handed it out.
    func keyFileKey(id: String) -> KeyFileKey? {
        keyFileKeys.withLock { $0[id] }
    }

}
