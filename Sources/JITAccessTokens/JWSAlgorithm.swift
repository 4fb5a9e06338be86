/// A JWS signature algorithm jitaccess can verify (RFC 7518 section 3).
///
/// Only asymmetric algorithms exist here: a verifier holds public keys, so an HMAC algorithm
/// keyed by one of them would accept tokens anybody can make.
public enum JWSAlgorithm: String, Sendable, Hashable, CaseIterable {
    /// ECDSA on P-256 with SHA-256: the local signer's algorithm.
    case es256 = "ES256"
    /// RSASSA-PKCS1-v1_5 with SHA-256: what Google signs service-account JWTs with.
    case rs256 = "RS256"
}
