import Foundation
import Hummingbird
import JITAccessCore
import JITAccessTokens

/// An error of an OAuth token endpoint (RFC 6749 section 5.2): `{"error","error_description"}` with 400.
struct OAuthError: Error {
    let code: String
    let description: String

    init(_ code: String, _ description: String) {
        self.code = code
        self.description = description
    }

    func response() throws -> Response {
        var response = try JSONResponse.ok(["error": code, "error_description": description])
        response.status = .badRequest
        return response
    }

    static func response(_ code: String, _ description: String) throws -> Response {
        try Self(code, description).response()
    }
}
