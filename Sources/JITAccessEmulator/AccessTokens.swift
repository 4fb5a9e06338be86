import Foundation
import JITAccessCore
import Hummingbird
import Synchronization

/// The OAuth access tokens the emulator has issued (from the metadata server and `/token`),
/// so that its APIs can refuse any other token, as Google does.
public final class AccessTokens: Sendable {
    /// How long a token lasts by Google's count, in seconds; the emulator's never expire.
    public static let lifetime = 3599

    private let issued = Mutex<Set<String>>([])

    /// No tokens issued yet.
    public init() {}

    /// A new token, recorded as issued.
    public func issue() -> String {
        let token = "ya29.emulator-" + SecureRandom.hex(bytes: 32)
        issued.withLock { _ = $0.insert(token) }
        return token
    }

    /// Whether the emulator issued `token`.
    public func contains(_ token: String) -> Bool {
        issued.withLock { $0.contains(token) }
    }

    /// A new token as Google's token endpoints answer: `{"access_token","expires_in","token_type"}`.
    func issueResponse() throws -> Response {
        try JSONResponse.ok(TokenResponse(access_token: issue(), expires_in: Self.lifetime, token_type: "Bearer"))
    }

    private struct TokenResponse: Encodable {
        let access_token: String
        let expires_in: Int
        let token_type: String
    }
}
