import Foundation
import JITAccessCore

/// Public keys that verify tokens, published as a JSON Web Key Set (RFC 7517 section 5).
///
/// jitaccess serves its own set at `/.well-known/jwks.json`, so anybody can check a token with a
/// standard JWT library.
public struct JWKSet: TokenPublicKeys {
    /// The keys, one per key id.
    public let keys: [JSONWebKey]

    /// A set of `keys`; of several keys with the same id, the first is kept.
    public init(keys: [JSONWebKey]) {
        var seen: Set<String> = []
        self.keys = keys.filter { seen.insert($0.id).inserted }
    }

    /// The usable keys of a JWKS document. Keys jitaccess cannot verify with (other curves, key
    /// types or algorithms, encryption keys) are left out; a malformed usable key is an error.
    public init(jwksJSON: [UInt8]) throws(TokenKeyError) {
        let document: JSONWebKeySetDocument
        do {
            document = try JSONDecoder().decode(JSONWebKeySetDocument.self, from: Data(jwksJSON))
        } catch {
            throw TokenKeyError("The JSON Web Key Set is not a JSON object with a \"keys\" list of keys.")
        }
        var keys: [JSONWebKey] = []
        for members in document.keys {
            if let key = try JSONWebKey(members) { keys.append(key) }
        }
        self.init(keys: keys)
    }

    /// The set as a JWKS document, members sorted so the bytes are the same every time:
    /// `{"keys":[{"alg":"ES256","crv":"P-256","kid":..,"kty":"EC","use":"sig","x":..,"y":..}]}`.
    public func jwksJSON() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings into JSON cannot fail.
        let data = (try? encoder.encode(JSONWebKeySetDocument(keys: keys.map(\.members)))) ?? Data()
        return Array(data)
    }

    public func keySetDocument() -> [UInt8] { jwksJSON() }

    /// The key a token's `kid` header names. Without a `kid`, the only key of a one-key set.
    public func key(id: String?) -> JSONWebKey? {
        guard let id else { return keys.count == 1 ? keys.first : nil }
        return keys.first { $0.id == id }
    }
}
extension JWKSet: VerificationKeySource {
    /// The set itself: its keys never change.
    public func verificationKeys() async throws -> JWKSet { self }
}
