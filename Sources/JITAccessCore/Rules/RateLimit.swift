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
