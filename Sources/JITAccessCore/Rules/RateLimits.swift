/// The limits in force; `nil` for an action means it is not limited.
public struct RateLimits: Sendable, Equatable {
    public var limits: [RateLimitedAction: RateLimit]

    public init(_ limits: [RateLimitedAction: RateLimit]) {
        self.limits = limits
    }

    /// Every action at its default limit.
    public static let defaults = RateLimits(Dictionary(uniqueKeysWithValues: RateLimitedAction.allCases.map { ($0, $0.defaultLimit) }))

    /// Nothing limited.
    public static let unlimited = RateLimits([:])

    /// Reads `RATE_LIMIT_*`: `COUNT/PERIOD` (``RateLimit``) or `off`; unset means the default.
    public init(environment: ConfigurationSource) throws(ConfigurationError) {
        var limits: [RateLimitedAction: RateLimit] = [:]
        for action in RateLimitedAction.allCases {
            guard let raw = environment.string(action.variable) else {
                limits[action] = action.defaultLimit
                continue
            }
            if raw.trimmingWhitespace().lowercased() == "off" { continue }
            guard let limit = RateLimit(raw) else {
                throw ConfigurationError(
                    variable: action.variable,
                    message: "'\(raw)' is not a rate limit; write COUNT/PERIOD, such as \(action.defaultLimit) (the default), with a period in s, m or h of at most a week, or off"
                )
            }
            limits[action] = limit
        }
        self.init(limits)
    }
}
