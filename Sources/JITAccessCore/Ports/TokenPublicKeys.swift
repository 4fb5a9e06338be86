/// The public keys that verify activation tokens, published at `/.well-known/jwks.json` so that
/// anyone (and every replica sharing the key folder) can check a token with a standard library.
public protocol TokenPublicKeys: Sendable {
    /// The keys as a JSON Web Key Set document (RFC 7517).
    func keySetDocument() -> [UInt8]
}
