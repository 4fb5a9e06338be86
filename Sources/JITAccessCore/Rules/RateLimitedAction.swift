/// What jitaccess limits, each per signed-in user or, for mail, per recipient.
public enum RateLimitedAction: String, Sendable, CaseIterable {
    case selfActivation = "self-activation"
    case request = "request"
    case approval = "approval"
    case mail = "mail"

    /// The environment variable that sets the limit.
    public var variable: String {
        switch self {
        case .selfActivation: "RATE_LIMIT_SELF_ACTIVATIONS"
        case .request: "RATE_LIMIT_REQUESTS"
        case .approval: "RATE_LIMIT_APPROVALS"
        case .mail: "RATE_LIMIT_MAIL"
        }
    }

    /// The limit when the variable is unset: generous for people, tight for scripts.
    public var defaultLimit: RateLimit {
        switch self {
        case .selfActivation: RateLimit(count: 20, seconds: 600)
        case .request: RateLimit(count: 10, seconds: 600)
        case .approval: RateLimit(count: 30, seconds: 600)
        case .mail: RateLimit(count: 30, seconds: 3_600)
        }
    }
}
