/// Verifies activation tokens: signature with an allowed algorithm, `iss`, `aud`, `exp` (with at
/// most 30 s of clock skew) and claim types.
public protocol TokenVerifier: Sendable {
    /// The verified claims. With `acceptingExpired`, a token past `exp` is still returned (to show
    /// the state of a lapsed request); its signature, issuer and audience must still verify.
    /// Throws ``JITAccessError/invalidArgument(_:)`` for any token that does not verify.
    func verify(_ jwt: String, acceptingExpired: Bool) async throws -> ActivationToken
}
