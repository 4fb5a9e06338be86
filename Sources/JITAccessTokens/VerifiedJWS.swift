import JITAccessCore

/// A compact JWS whose form, algorithm and signature have been checked, its payload not yet
/// interpreted: the part every JWT verifier shares, whatever claims it then expects.
public struct VerifiedJWS: Sendable {
    /// The claims' JSON, exactly as signed.
    public let payload: [UInt8]
    /// The id of the key whose signature matched.
    public let keyId: String

    /// Checks `token` in order: size, form, algorithm, `crit`, key, then the signature over the
    /// exact bytes received. `name` names the token in messages ("The activation token"), `signer`
    /// who must have signed it ("this service"). Throws ``JITAccessError/invalidArgument(_:)``
    /// naming the first failure; errors from `keys` (a key set that cannot be fetched) pass through.
    public init(
        _ token: String, name: String, signer: String, algorithms: Set<JWSAlgorithm>, keys: any VerificationKeySource,
        maximumLength: Int
    ) async throws {
        guard token.utf8.count <= maximumLength else {
            throw JITAccessError.invalidArgument("\(name) is longer than \(maximumLength) bytes, so it is not one \(signer) made.")
        }
        let jws = try CompactJWS(token, name: name)
        guard let algorithm = JWSAlgorithm(rawValue: jws.header.alg), algorithms.contains(algorithm) else {
            throw JITAccessError.invalidArgument("\(name) is signed with an algorithm this service does not accept.")
        }
        guard !jws.header.hasCritical else {
            throw JITAccessError.invalidArgument("\(name) demands header extensions (\"crit\") this service does not implement.")
        }
        guard let key = try await keys.verificationKey(id: jws.header.kid), key.algorithm == algorithm else {
            throw JITAccessError.invalidArgument("\(name) is not signed by \(signer): it names a key \(signer) does not have.")
        }
        guard key.isValidSignature(jws.signature, for: jws.signingInput) else {
            throw JITAccessError.invalidArgument("\(name) is not signed by \(signer): the signature does not match.")
        }
        payload = jws.payload
        keyId = key.id
    }
}
