import AsyncHTTPClient
import Foundation
import JITAccessCore
import NIOCore
import NIOHTTP1

/// An OAuth token endpoint's error (RFC 6749 section 5.2): `{"error": "invalid_grant", "error_description": "..."}`.
struct OAuthErrorBody: CustomStringConvertible {
    let error: String
    let errorDescription: String?

    /// The error in `data`, or nil when it is not in OAuth's form.
    init?(_ data: Data) {
        struct Body: Decodable {
            let error: String
            let error_description: String?
        }
        guard let body = try? JSONDecoder().decode(Body.self, from: data) else { return nil }
        error = body.error
        errorDescription = body.error_description
    }

    var description: String { errorDescription.map { "\(error): \($0)" } ?? error }
}
