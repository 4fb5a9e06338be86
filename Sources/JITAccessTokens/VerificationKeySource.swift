import Foundation

/// Where a verifier finds the public keys it trusts: a fixed set, or (for keys that rotate
/// elsewhere, such as a Google service account's) a set fetched and cached.
public protocol VerificationKeySource: Sendable {
    /// The keys to verify with now.
    func verificationKeys() async throws -> JWKSet

    /// The key a token's `kid` header names, or nil when there is none. A source whose keys
    /// rotate elsewhere looks again when the id is unknown, so a new key works without a restart.
    func verificationKey(id: String?) async throws -> JSONWebKey?
}
extension VerificationKeySource {
    /// The key named `id` among ``verificationKeys()``.
    public func verificationKey(id: String?) async throws -> JSONWebKey? {
        try await verificationKeys().key(id: id)
    }
}
