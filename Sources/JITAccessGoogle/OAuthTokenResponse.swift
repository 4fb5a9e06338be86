import Foundation

/// What Google's token endpoints answer: `{"access_token": ..., "expires_in": seconds, "token_type": "Bearer"}`.
struct OAuthTokenResponse: Decodable, Sendable {
    let access_token: String
    let expires_in: Int

    /// The token response in `data`, or nil when it is not one.
    static func decode(_ data: Data) -> OAuthTokenResponse? {
        guard let answer = try? JSONDecoder().decode(Self.self, from: data), !answer.access_token.isEmpty else { return nil }
        return answer
    }
}
