import Foundation

/// An OAuth access token kept until a minute before it expires; concurrent callers that find
/// none share one fetch, so a burst of requests at start-up or at renewal costs one token request.
actor AccessTokenCache {
    /// Tokens are renewed this long before they expire so that no call carries a dying one.
    static let renewalMargin: Duration = .seconds(60)

    private var cached: (token: String, renewAt: ContinuousClock.Instant)?
    private var fetching: Task<(token: String, renewAt: ContinuousClock.Instant), any Error>?

    /// The cached token, or the one `fetch` gets when there is none or it is about to expire.
    func token(fetch: @escaping @Sendable () async throws -> OAuthTokenResponse) async throws -> String {
        if let cached, ContinuousClock.now < cached.renewAt {
            return cached.token
        }
        if let fetching {
            return try await fetching.value.token
        }
        let task = Task {
            let started = ContinuousClock.now
            let answer = try await fetch()
            return (token: answer.access_token, renewAt: started + .seconds(answer.expires_in) - Self.renewalMargin)
        }
        fetching = task
        defer { fetching = nil }
        let fresh = try await task.value
        cached = fresh
        return fresh.token
    }
}
