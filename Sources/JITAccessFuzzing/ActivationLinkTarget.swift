import JITAccessCore
import JITAccessTokens
import JITAccessWeb

/// The `?activation=` parameter of an approval link: the token read back from its obfuscated
/// form, then the request its claims describe.
///
/// The claims are read without checking the signature (the `jws` target fuzzes that), so that
/// the fuzzer can reach the checks of ``ActivationToken/request()``. Promises: a token that
/// looks like one the service signs survives obfuscation into a link and back; a request read
/// from claims, issued again as a token, reads back as the same request.
enum ActivationLinkTarget {
    static func run(_ bytes: [UInt8]) throws(InvariantViolation) {
        let parameter = String(decoding: bytes, as: UTF8.self)
        guard let token = try? RequestInput.activationToken(parameter) else { return }
        if isCompactJWS(token) {
            let link = ActivationLinks.obfuscate(token)
            try expect(!link.contains("."), "the link parameter \(link.debugDescription) still has a dot")
            try expect(
                ActivationLinks.deobfuscate(link) == token,
                "the token \(token.debugDescription) comes back from its link \(link.debugDescription) as \(ActivationLinks.deobfuscate(link).debugDescription)"
            )
        }
        guard let jws = try? CompactJWS(token, name: "The activation token"),
              let claims = try? ActivationClaims(payload: jws.payload)
        else { return }
        let claimed = claims.token(audience: FuzzFixtures.tokenIssuer)
        guard let request = try? claimed.request() else { return }
        let reissued = ActivationToken(request: request, issuer: claimed.iss, issuedAt: Timestamp(secondsSinceEpoch: claimed.iat))
        let reread = try? reissued.request()
        try expect(reread == request, "the request \(request) issued again as a token reads back as \(String(describing: reread))")
    }

    /// Whether `token` has the shape of the tokens the service signs: three non-empty base64url
    /// parts, the first a JSON object (`ey` then not `ey` again, as `{"` encodes).
    private static func isCompactJWS(_ token: String) -> Bool {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, token.hasPrefix("ey"), !token.dropFirst(2).hasPrefix("ey") else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.utf8.allSatisfy { isBase64URL($0) }
        }
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }
}
