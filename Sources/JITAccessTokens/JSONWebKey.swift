import Crypto
import Foundation
import _CryptoExtras
import JITAccessCore

/// A public key that verifies JWS signatures, with its key id (`kid`).
///
/// The kind of key fixes the one algorithm it verifies, so a token cannot pick a different
/// algorithm for a known key.
public struct JSONWebKey: Sendable {
    /// The key itself.
    public enum Material: Sendable {
        /// An ECDSA P-256 key, for ES256.
        case p256(P256.Signing.PublicKey)
        /// An RSA key of 2048 bits or more, for RS256.
        case rsa(_RSA.Signing.PublicKey)
    }

    /// The key id tokens name in their `kid` header.
    public let id: String
    /// The public key.
    public let material: Material

    /// The key `material`, named `id`, or by its RFC 7638 thumbprint when `id` is nil.
    public init(_ material: Material, id: String? = nil) {
        self.material = material
        self.id = id ?? Self.thumbprint(of: material)
    }

    /// The only algorithm this key verifies.
    public var algorithm: JWSAlgorithm {
        switch material {
        case .p256: .es256
        case .rsa: .rs256
        }
    }

    /// Whether `signature` (JOSE form: raw r||s for ES256) signs `signingInput` with this key.
    func isValidSignature(_ signature: [UInt8], for signingInput: [UInt8]) -> Bool {
        switch material {
        case .p256(let key):
            guard let decoded = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(decoded, for: signingInput)
        case .rsa(let key):
            return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: signingInput, padding: .insecurePKCS1v1_5)
        }
    }

    /// The key's public members, as published in a JWKS.
    var members: JSONWebKeyMembers {
        switch material {
        case .p256(let key):
            let point = Self.coordinates(of: key)
            return JSONWebKeyMembers(kty: "EC", crv: "P-256", x: point.x, y: point.y, kid: id, alg: algorithm.rawValue, use: "sig")
        case .rsa(let key):
            let numbers = Self.numbers(of: key)
            return JSONWebKeyMembers(kty: "RSA", n: numbers.n, e: numbers.e, kid: id, alg: algorithm.rawValue, use: "sig")
        }
    }

    /// The key `members` describe; nil for a key jitaccess has no use for (another curve or key
    /// type, an encryption key, another algorithm). Throws when a usable key is malformed.
    init?(_ members: JSONWebKeyMembers) throws(TokenKeyError) {
        let algorithm: JWSAlgorithm
        switch (members.kty, members.crv) {
        case ("EC", "P-256"): algorithm = .es256
        case ("RSA", _): algorithm = .rs256
        default: return nil
        }
        if let use = members.use, use != "sig" { return nil }
        if let alg = members.alg, alg != algorithm.rawValue { return nil }
        let name = members.kid.map { "The key \($0)" } ?? "A key without a kid"
        switch algorithm {
        case .es256:
            guard let x = members.x.flatMap(Base64URL.decode), let y = members.y.flatMap(Base64URL.decode),
                  x.count == 32, y.count == 32,
                  let key = try? P256.Signing.PublicKey(rawRepresentation: x + y)
            else { throw TokenKeyError("\(name) has x and y that are not a point on P-256.") }
            self.init(.p256(key), id: members.kid)
        case .rs256:
            guard let n = members.n.flatMap(Base64URL.decode), let e = members.e.flatMap(Base64URL.decode),
                  let key = try? _RSA.Signing.PublicKey(n: n, e: e)
            else { throw TokenKeyError("\(name) has an invalid RSA modulus or exponent, or fewer than 2048 bits.") }
            self.init(.rsa(key), id: members.kid)
        }
    }

    /// The RFC 7638 thumbprint: base64url SHA-256 of the required members in lexicographic order.
    private static func thumbprint(of material: Material) -> String {
        let required: String
        switch material {
        case .p256(let key):
            let point = coordinates(of: key)
            required = #"{"crv":"P-256","kty":"EC","x":"\#(point.x)","y":"\#(point.y)"}"#
        case .rsa(let key):
            let numbers = numbers(of: key)
            required = #"{"e":"\#(numbers.e)","kty":"RSA","n":"\#(numbers.n)"}"#
        }
        return Base64URL.encode(Array(SHA256.hash(data: Array(required.utf8))))
    }

    private static func coordinates(of key: P256.Signing.PublicKey) -> (x: String, y: String) {
        let raw = Array(key.rawRepresentation)
        return (Base64URL.encode(raw.prefix(32)), Base64URL.encode(raw.suffix(32)))
    }

    /// The modulus and exponent as unsigned big-endian integers without leading zeros (RFC 7518
    /// section 6.3.1).
    private static func numbers(of key: _RSA.Signing.PublicKey) -> (n: String, e: String) {
        // Declared throwing, but never throws with the BoringSSL backend used here.
        let primitives = (try? key.getKeyPrimitives()) ?? .init(modulus: Data(), publicExponent: Data())
        func minimal(_ bytes: Data) -> String { Base64URL.encode(bytes.drop { $0 == 0 }) }
        return (minimal(primitives.modulus), minimal(primitives.publicExponent))
    }
}
