import Crypto
import Foundation
import JITAccessCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Signs activation tokens (ES256) with a key kept in the data folder.
///
/// The folder holds the current key, `token-signing-key.pem`, created on first start, and any
/// number of retired keys named `token-signing-key.SUFFIX.pem`. New tokens are signed with the
/// current key; every key verifies and is published in the JWKS. To rotate: rename the current
/// key to a retired name (`token-signing-key.2025-06-01.pem`) and restart every process sharing
/// the folder; tokens signed before keep verifying until the retired file is deleted.
public struct LocalTokenSigner: TokenSigner {
    /// The current key's file name in the data folder.
    public static let currentKeyFileName = "token-signing-key.pem"

    /// The service's base URL: `iss` and `aud` of every token.
    public let issuer: String
    /// The public keys of every key file in the folder, the current key first.
    public let keySet: JWKSet
    private let key: P256.Signing.PrivateKey
    private let keyId: String

    /// The signer for `issuer` (the service's base URL) using the keys in `dataDirectory`, which
    /// is created (mode 0700) if missing, as is the current key (mode 0600).
    public init(dataDirectory: String, issuer: String) throws(TokenKeyError) {
        if mkdir(dataDirectory, 0o700) != 0, errno != EEXIST {
            throw TokenKeyError("The data folder \(dataDirectory) cannot be created: \(String(cString: strerror(errno))).")
        }
        let current = try SigningKeyFile.loadOrCreate(dataDirectory + "/" + Self.currentKeyFileName)
        var publicKeys = [JSONWebKey(.p256(current.publicKey))]
        for name in try Self.retiredKeyFileNames(in: dataDirectory) {
            if let retired = try SigningKeyFile.load(dataDirectory + "/" + name) {
                publicKeys.append(JSONWebKey(.p256(retired.publicKey)))
            }
        }
        self.issuer = issuer
        key = current
        keyId = publicKeys[0].id
        keySet = JWKSet(keys: publicKeys)
    }

    /// The compact JWT: header `{"alg":"ES256","typ":"JWT","kid":KID}`, the claims, and the raw
    /// r||s signature.
    public func sign(_ token: ActivationToken) async throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // The key id is a base64url thumbprint: nothing in it needs escaping.
        let header = Array(#"{"alg":"ES256","typ":"JWT","kid":"\#(keyId)"}"#.utf8)
        do {
            let payload = Array(try encoder.encode(token))
            return try CompactJWS.serialize(header: header, payload: payload) { signingInput in
                Array(try key.signature(for: signingInput).rawRepresentation)
            }
        } catch {
            throw JITAccessError.backend("The activation token cannot be signed: \(error).")
        }
    }

    /// The public keys as a JWKS document, for `/.well-known/jwks.json`.
    public func jwksJSON() -> [UInt8] {
        keySet.jwksJSON()
    }

    /// A verifier for the tokens this signer (or any process sharing its folder) makes.
    public func verifier(clock: any WallClock) -> JWTVerifier {
        JWTVerifier(keys: keySet, algorithms: [.es256], issuer: issuer, audience: issuer, clock: clock)
    }

    /// Retired key files, in name order.
    private static func retiredKeyFileNames(in directory: String) throws(TokenKeyError) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw TokenKeyError("The data folder \(directory) cannot be listed: \(error.localizedDescription)")
        }
        return names.filter { name in
            name != currentKeyFileName && name.hasPrefix("token-signing-key.") && name.hasSuffix(".pem")
        }.sorted()
    }
}
