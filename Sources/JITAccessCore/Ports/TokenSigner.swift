/// Signs activation tokens. Implementations: a local key in the data folder, or Google's IAM
/// Credentials `signJwt` as the service account.
public protocol TokenSigner: Sendable {
    /// The identity tokens are issued by and for (`iss` and `aud`).
    var issuer: String { get }

    /// Signs the claims; returns a compact JWT.
    func sign(_ token: ActivationToken) async throws -> String
}
