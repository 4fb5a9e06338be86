import Foundation
import JITAccessCore
import Hummingbird
import Synchronization

/// The OAuth access tokens the emulator has issued (from the metadata server, `/token` and IAM
/// Credentials' `generateAccessToken`) with the scopes each carries, so that its APIs can refuse
/// any other token, and a token without the scope a method needs, as Google does.
public final class AccessTokens: Sendable {
    /// How long a token lasts by Google's count, in seconds; the emulator's never expire.
    public static let lifetime = 3599
    /// The scope of metadata-server tokens on Cloud Run and App Engine, and of Cloud APIs.
    public static let cloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform"

    private let issued = Mutex<[String: Set<String>]>([:])

    /// No tokens issued yet.
    public init() {}

    /// A new token carrying `scopes`, recorded as issued.
    public func issue(scopes: Set<String> = [cloudPlatformScope]) -> String {
        let token = "ya29.emulator-" + SecureRandom.hex(bytes: 32)
        issued.withLock { $0[token] = scopes }
        return token
    }

    /// Whether the emulator issued `token`.
    public func contains(_ token: String) -> Bool {
        issued.withLock { $0[token] != nil }
    }

    /// The scopes of `token`; `nil` when the emulator did not issue it.
    public func scopes(of token: String) -> Set<String>? {
        issued.withLock { $0[token] }
    }

    /// A new token as Google's token endpoints answer: `{"access_token","expires_in","token_type"}`.
    func issueResponse(scopes: Set<String>) throws -> Response {
        try JSONResponse.ok(TokenResponse(access_token: issue(scopes: scopes), expires_in: Self.lifetime, token_type: "Bearer"))
    }

    private struct TokenResponse: Encodable {
        let access_token: String
        let expires_in: Int
        let token_type: String
    }
}
