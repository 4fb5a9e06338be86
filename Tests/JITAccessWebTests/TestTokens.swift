import Foundation
import JITAccessCore
import JITAccessRuntime
import JITAccessTokens
import Synchronization

/// The real local signer and verifier, on a fresh key: each instance is a signer of its own,
/// so a token from another instance is a token from another signer.
struct TestTokens: TokenSigner, TokenVerifier {
    private let signer: LocalTokenSigner
    private let verifier: JWTVerifier

    init(issuer: String = TestApp.baseURL) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jitaccess-tokens-\(UUID().uuidString)").path
        // The key lives on in memory; the folder is only where a new one is made.
        defer { try? FileManager.default.removeItem(atPath: directory) }
        signer = try LocalTokenSigner(dataDirectory: directory, issuer: issuer)
        verifier = signer.verifier(clock: SystemWallClock())
    }

    var issuer: String { signer.issuer }
    var keySet: JWKSet { signer.keySet }

    func sign(_ token: ActivationToken) async throws -> String {
        try await signer.sign(token)
    }

    func verify(_ jwt: String, acceptingExpired: Bool) async throws -> ActivationToken {
        try await verifier.verify(jwt, acceptingExpired: acceptingExpired)
    }
}
