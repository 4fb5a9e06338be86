/// The one error model of jitaccess. Adapters translate their failures into it, and the web
/// edge maps each case to one HTTP status.
public enum JITAccessError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request is malformed or breaks a rule (HTTP 400).
    case invalidArgument(String)
    /// Nobody is signed in (HTTP 401).
    case notSignedIn(String)
    /// The caller may not do this (HTTP 403).
    case accessDenied(String)
    /// The thing asked for does not exist (HTTP 404).
    case notFound(String)
    /// A concurrent change won, and retrying did not help (HTTP 409).
    case conflict(String)
    /// A backend (IAM, the policy file, mail) failed (HTTP 502).
    case backend(String)
    /// A rate limit was reached; trying again after `retryAfterSeconds` may succeed (HTTP 429
    /// with `Retry-After`).
    case tooManyRequests(String, retryAfterSeconds: Int)
    /// A Google quota of jitaccess's project ran out: the message names the quota and what an
    /// administrator can do. `retryAfterSeconds` is set for a per-minute quota and `nil` for a
    /// per-day one (HTTP 503, with `Retry-After` when known).
    case quotaExhausted(String, retryAfterSeconds: Int?)

    /// The message shown to the user.
    public var message: String {
        switch self {
        case .invalidArgument(let message), .notSignedIn(let message), .accessDenied(let message),
             .notFound(let message), .conflict(let message), .backend(let message), .tooManyRequests(let message, _),
             .quotaExhausted(let message, _):
            message
        }
    }

    public var description: String { message }
}
