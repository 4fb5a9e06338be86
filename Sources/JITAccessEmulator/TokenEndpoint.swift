import Foundation
import Hummingbird
import JITAccessCore
import JITAccessTokens

/// The `token_uri` of service-account key files (`POST /token`): the JWT-bearer grant of RFC
/// 7523, answered with an access token of the emulator. As Google does, it accepts only an
/// assertion signed with a key it handed out (``ServiceAccountKeys/createKeyFile(for:tokenURI:)``),
/// issued by that key's account, for this endpoint (`aud` is the key file's `token_uri`), asking
/// for a scope, and valid now for at most an hour; anything else gets OAuth's error JSON. The
/// token carries the scopes the assertion asks for (`scope`, separated by spaces).
struct TokenEndpoint<Context: RequestContext> {
    static var jwtBearerGrant: String { "urn:ietf:params:oauth:grant-type:jwt-bearer" }
    static var maxBodySize: Int { 16 * 1024 }
    /// Google's limit on an assertion's lifetime, and the skew it allows on `iat`, in seconds.
    static var maxLifetime: Int64 { 3600 }
    static var clockSkew: Int64 { 60 }

    let tokens: AccessTokens
    let keys: ServiceAccountKeys
    let clock: any WallClock

    func register(on router: some RouterMethods<Context>) {
        router.post("/token") { request, _ in
            let body = try await request.body.collect(upTo: Self.maxBodySize)
            let form = Self.form(String(buffer: body))
            guard form["grant_type"] == Self.jwtBearerGrant else {
                return try OAuthError.response("unsupported_grant_type", "Send grant_type=\(Self.jwtBearerGrant) with a signed JWT as assertion.")
            }
            guard let assertion = form["assertion"] else {
                return try OAuthError.response("invalid_request", "The request has no assertion: send the signed JWT as assertion=JWT.")
            }
            let scopes: Set<String>
            do {
                scopes = try await check(assertion)
            } catch let refusal as OAuthError {
                return try refusal.response()
            }
            return try tokens.issueResponse(scopes: scopes)
        }
    }

    /// The fields of an `application/x-www-form-urlencoded` body.
    static func form(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (part: Substring) in String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part) }
            fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }

    /// The claims Google reads from an assertion.
    private struct Claims: Decodable {
        let iss: String?
        let scope: String?
        let aud: JWTAudience?
        let iat: Int64?
        let exp: Int64?
    }

    /// The scopes `assertion` asks for; refuses it with the error Google's token endpoint gives,
    /// unless it is valid.
    private func check(_ assertion: String) async throws(OAuthError) -> Set<String> {
        guard let keyId = Self.keyId(of: assertion) else {
            throw OAuthError("invalid_grant", "Invalid JWT: the assertion must be three base64url parts, the header a JSON object with \"alg\": \"RS256\" and the key file's private_key_id as \"kid\".")
        }
        guard let key = keys.keyFileKey(id: keyId) else {
            throw OAuthError("invalid_grant", "Invalid grant: account not found. The key '\(keyId)' was not issued by this emulator; get a key file from POST /v1/projects/-/serviceAccounts/EMAIL/keys.")
        }
        let payload: [UInt8]
        do {
            payload = try await VerifiedJWS(
                assertion, name: "The assertion", signer: "the key \(keyId)", algorithms: [.rs256], keys: JWKSet(keys: [key.publicKey]),
                maximumLength: Self.maxBodySize
            ).payload
        } catch {
            throw OAuthError("invalid_grant", "Invalid JWT Signature.")
        }
        guard let claims = try? JSONDecoder().decode(Claims.self, from: Data(payload)) else {
            throw OAuthError("invalid_grant", "Invalid JWT: the claims must be a JSON object with string iss, scope and aud and integer iat and exp.")
        }
        guard claims.iss == key.account else {
            throw OAuthError("invalid_grant", "Invalid JWT: iss '\(claims.iss ?? "")' is not \(key.account), whose key signed the assertion.")
        }
        guard claims.aud?.values == [key.tokenURI] else {
            throw OAuthError("invalid_grant", "Invalid JWT: Failed audience check. The expected value was \(key.tokenURI).")
        }
        let now = clock.now.secondsSinceEpoch
        guard let iat = claims.iat, let exp = claims.exp, iat <= now + Self.clockSkew, exp > now, exp - iat <= Self.maxLifetime else {
            throw OAuthError("invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.")
        }
        guard let scope = claims.scope, !scope.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw OAuthError("invalid_scope", "Invalid OAuth scope or ID token audience provided.")
        }
        return Set(scope.split(separator: " ").map(String.init))
    }

    /// The `kid` of an RS256 assertion's header, or nil when the assertion has no such header.
    private static func keyId(of assertion: String) -> String? {
        let segments = assertion.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3, !segments[2].isEmpty, case .object(let header)? = json(segments[0]), header["alg"] == .string("RS256"),
              case .string(let keyId)? = header["kid"]
        else { return nil }
        return keyId
    }

    private static func json(_ segment: Substring) -> JSONValue? {
        var base64 = segment.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64) else { return nil }
        return try? JSONDecoder().decode(JSONValue.self, from: data)
    }
}
