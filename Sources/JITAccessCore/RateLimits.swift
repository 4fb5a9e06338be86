/// How often something may happen: a burst of `count`, refilled at `count` per `seconds`
/// (a token bucket). Written `COUNT/PERIOD` in configuration, such as `20/10m` or `30/1h`.
public struct RateLimit: Sendable, Equatable, CustomStringConvertible {
    public let count: Int
    public let seconds: Int

    /// The longest period, a week, in seconds.
    public static let longestPeriod = 7 * 24 * 3_600

    public init(count: Int, seconds: Int) {
        self.count = count
        self.seconds = seconds
    }

    /// Reads `COUNT/PERIOD`: a whole number, a slash, and a period of seconds (`s`), minutes
    /// (`m`) or hours (`h`) such as `90s`, `10m` or `1h`; a bare number is seconds.
    public init?(_ text: String) {
        let parts = text.trimmingWhitespace().split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let count = Int(parts[0]), count >= 1, count <= 1_000_000 else { return nil }
        var period = Substring(parts[1])
        var unit = 1
        switch period.last {
        case "s": period = period.dropLast()
        case "m": (unit, period) = (60, period.dropLast())
        case "h": (unit, period) = (3_600, period.dropLast())
        default: break
        }
        guard !period.isEmpty, period.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let amount = Int(period),
              amount >= 1, amount <= Self.longestPeriod / unit
        else { return nil }
        self.init(count: count, seconds: amount * unit)
    }

    public var description: String {
        seconds.isMultiple(of: 3_600) ? "\(count)/\(seconds / 3_600)h" : seconds.isMultiple(of: 60) ? "\(count)/\(seconds / 60)m" : "\(count)/\(seconds)s"
    }
}

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
