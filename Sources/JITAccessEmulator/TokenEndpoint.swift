import Foundation
import Hummingbird
import JITAccessCore

/// The `token_uri` of service-account key files (`POST /token`): the JWT-bearer grant of RFC
/// 7523, answered with an access token of the emulator. The assertion is checked for form and
/// claims, not for its signature: the emulator does not know the key files' public keys.
struct TokenEndpoint<Context: RequestContext> {
    static var jwtBearerGrant: String { "urn:ietf:params:oauth:grant-type:jwt-bearer" }
    static var maxBodySize: Int { 16 * 1024 }
    static var requiredClaims: [String] { ["iss", "aud", "iat", "exp"] }

    let tokens: AccessTokens

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
            if let problem = Self.problem(in: assertion) {
                return try OAuthError.response("invalid_grant", problem)
            }
            return try tokens.issueResponse()
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

    /// What is wrong with `assertion` as an RS256 JWT of a service account; nil when its form is right.
    static func problem(in assertion: String) -> String? {
        let segments = assertion.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3, !segments[2].isEmpty else {
            return "Invalid JWT: the assertion must have three base64url parts separated by dots."
        }
        guard case .object(let header)? = json(segments[0]), header["alg"] == .string("RS256") else {
            return "Invalid JWT: the header must be a JSON object with \"alg\": \"RS256\"."
        }
        guard case .object(let claims)? = json(segments[1]) else {
            return "Invalid JWT: the claims must be a JSON object."
        }
        if let missing = requiredClaims.first(where: { claims[$0] == nil }) {
            return "Invalid JWT: the claim \"\(missing)\" is missing."
        }
        return nil
    }

    private static func json(_ segment: Substring) -> JSONValue? {
        var base64 = segment.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64) else { return nil }
        return try? JSONDecoder().decode(JSONValue.self, from: data)
    }
}

/// An error of an OAuth token endpoint (RFC 6749 section 5.2): `{"error","error_description"}` with 400.
enum OAuthError {
    static func response(_ code: String, _ description: String) throws -> Response {
        var response = try JSONResponse.ok(["error": code, "error_description": description])
        response.status = .badRequest
        return response
    }
}
