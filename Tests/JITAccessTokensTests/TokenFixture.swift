import Crypto
import Foundation
import JITAccessCore
import JITAccessTestSupport
import Testing
@testable import JITAccessTokens

/// A signer on a fresh data folder, its verifier, and ways to forge tokens with its real key.
struct TokenFixture {
    static let issuer = "http://127.0.0.1:8080"
    /// 2024-01-01T00:00:00Z.
    static let issuedAt: Int64 = 1_704_067_200

    let folder: DataFolder
    let signer: LocalTokenSigner
    /// The signer's private key, read from its file: tests forge tokens the real key signs.
    let privateKey: P256.Signing.PrivateKey

    init() throws {
        folder = try DataFolder()
        signer = try LocalTokenSigner(dataDirectory: folder.path, issuer: Self.issuer)
        privateKey = try P256.Signing.PrivateKey(pemRepresentation: String(contentsOfFile: folder.currentKeyPath, encoding: .utf8))
    }

    var keyId: String { signer.keySet.keys[0].id }

    /// A verifier whose clock reads `secondsAfterIssue` after the sample token's `iat`.
    func verifier(secondsAfterIssue: Int64 = 60) -> JWTVerifier {
        signer.verifier(clock: TestClock(Timestamp(secondsSinceEpoch: Self.issuedAt + secondsAfterIssue)))
    }

    /// Alice asks Bob for `roles/cloudsql.admin` on `prod-1`; valid for an hour.
    static func sampleToken(justification: String = "Fix the outage in ticket 42") -> ActivationToken {
        ActivationToken(
            iss: issuer, aud: issuer, iat: issuedAt, exp: issuedAt + 3600, jti: "mpa-0123456789abcdef",
            beneficiary: "alice@example.com", reviewers: ["bob@example.com", "carol@example.com"],
            resource: "//cloudresourcemanager.googleapis.com/projects/prod-1", role: "roles/cloudsql.admin",
            justification: justification, start: issuedAt, end: issuedAt + 3600
        )
    }

    /// The sample claims as a JSON object, to change before signing.
    static func sampleClaims() throws -> [String: Any] {
        let data = try JSONEncoder().encode(sampleToken())
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The standard header of the real key.
    var header: String { #"{"alg":"ES256","typ":"JWT","kid":"\#(keyId)"}"# }

    /// `claims` under `header`, signed ES256 by `key` (the real key by default).
    func forge(header: String? = nil, claims: [String: Any], key: P256.Signing.PrivateKey? = nil) throws -> String {
        let payload = try JSONSerialization.data(withJSONObject: claims)
        return try CompactJWS.serialize(header: Array((header ?? self.header).utf8), payload: Array(payload)) { input in
            Array(try (key ?? privateKey).signature(for: input).rawRepresentation)
        }
    }
}
