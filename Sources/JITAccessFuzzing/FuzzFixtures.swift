import JITAccessCore
import JITAccessTokens
import JITAccessWeb

/// What the targets verify against: fixed public keys, a stopped clock, the names tokens must
/// carry. The seed tokens, assertions and cookies of Fuzz/Corpus were made with the private
/// halves in Fuzz/Keys (by Fuzz/make-seeds), which nothing but the fuzzer trusts.
enum FuzzFixtures {
    /// The instant every verification happens at (2027-01-15), inside the seed tokens' lifetimes.
    static let clock = StoppedClock(now: Timestamp(secondsSinceEpoch: 1_800_000_000))

    /// The issuer and audience of activation tokens.
    static let tokenIssuer = "jitaccess@example-project.iam.gserviceaccount.com"

    /// The audience IAP assertions must name.
    static let iapAudience = "/projects/123456789012/global/backendServices/987654321"

    /// The activation-token keys: `fuzz-es256` (P-256) and `fuzz-rs256` (RSA 2048).
    static let tokenKeys = keySet("""
        {"keys": [
          {"kty": "EC", "crv": "P-256", "kid": "fuzz-es256", "alg": "ES256", "use": "sig",
           "x": "OmjOFsgieFNQQ_CZDuewuZ-t6M8OQItim3CPVmHXAdM", "y": "pOeK5Mo5D2sygS6y5lR_b5Q1hj1Z13PJjixMTRqZAFA"},
          {"kty": "RSA", "kid": "fuzz-rs256", "alg": "RS256", "use": "sig", "e": "AQAB",
           "n": "s06c_K4YQjiChJEYe0ZITiSYcBjpoZKBvP_B1kiBFhM6-Dv3rztEWwhWytVObowKDElBzDuUxNVAImdxWQ2O4M1Dl0QeoQIbWI7EPNeP_F-Yvl2gAmq0aZAHzBcqux99tiKgGIlM5AFbZu28K4tb5Ztcfr3lokeXvZl0GqCjdynEJvbXBOPlh-8ERjpqFAMR9SqUijTKuUtxqIsaorRSo6C3ySOl-aAwtHmt5zrBQ6ADMJBHMqe56YQaixv_sX0r1TUgq4PdDXlG4IARXRBYBc2reKHATKqPJ_CpFYFFXm3BrZl4fBx7rNLvw6Sa7sF9tuoqFWz2sDFgnx7yxqMNEw"}
        ]}
        """)

    /// IAP's key set: the same P-256 key, published as `fuzz-iap`.
    static let iapKeys = keySet("""
        {"keys": [
          {"kty": "EC", "crv": "P-256", "kid": "fuzz-iap", "alg": "ES256", "use": "sig",
           "x": "OmjOFsgieFNQQ_CZDuewuZ-t6M8OQItim3CPVmHXAdM", "y": "pOeK5Mo5D2sygS6y5lR_b5Q1hj1Z13PJjixMTRqZAFA"}
        ]}
        """)

    /// The key of CSRF tokens and demo session cookies: 32 bytes 0x01 to 0x20.
    static let signingKey: SigningKey = {
        guard let key = SigningKey(bytes: Array(1...32)) else { preconditionFailure("32 bytes make a signing key") }
        return key
    }()

    private static func keySet(_ json: String) -> JWKSet {
        do {
            return try JWKSet(jwksJSON: Array(json.utf8))
        } catch {
            preconditionFailure("the fixed key set does not parse: \(error)")
        }
    }
}
