import Foundation
import JITAccessCore
import Synchronization

/// The quotas the emulator enforces (``EmulatedQuota``), with the calls counted against them;
/// a call refused for a quota is not counted.
public final class EmulatedQuotas: Sendable {
    private struct State {
        var rules: [String: EmulatedQuota] = [:]
        /// Calls per method in the current minute and day: (window number, count).
        var minutes: [String: (window: Int64, count: Int)] = [:]
        var days: [String: (window: Int64, count: Int)] = [:]
    }

    /// Google's daily quotas end at midnight Pacific time, taken as UTC-8.
    static let pacificOffset: Int64 = -8 * 3600

    private let state = Mutex(State())

    /// No quotas: every call is served.
    public init() {}

    /// Enforces `quota`, replacing any earlier one of its method and starting its counts anew.
    /// Throws when it is malformed.
    public func set(_ quota: EmulatedQuota) throws(GoogleAPIError) {
        try quota.check()
        state.withLock { state in
            state.rules[quota.method] = quota
            state.minutes[quota.method] = nil
            state.days[quota.method] = nil
        }
    }

    /// Removes every quota.
    public func clear() {
        state.withLock { $0 = State() }
    }

    /// The quotas enforced, by method.
    public var current: [EmulatedQuota] {
        state.withLock { $0.rules.values.sorted { $0.method < $1.method } }
    }

    /// The error that refuses a call to `method` at `now`, or `nil` when it is within every
    /// quota that covers it, and then counted.
    func admit(_ method: String, at now: Timestamp) -> GoogleAPIError? {
        let keys = [method] + (method == "cloudasset.analyzeIamPolicy" ? [EmulatedQuota.policyAnalyzerOrganization] : [])
        let minute = now.secondsSinceEpoch / 60
        let day = (now.secondsSinceEpoch + Self.pacificOffset) / 86_400
        return state.withLock { state in
            let rules = keys.compactMap { state.rules[$0] }
            for rule in rules {
                if let limit = rule.perMinute, Self.count(state.minutes[rule.method], in: minute) >= limit {
                    return rule.exhausted(daily: false)
                }
                if let limit = rule.perDay, Self.count(state.days[rule.method], in: day) >= limit {
                    return rule.exhausted(daily: true)
                }
            }
            for rule in rules {
                state.minutes[rule.method] = (minute, Self.count(state.minutes[rule.method], in: minute) + 1)
                state.days[rule.method] = (day, Self.count(state.days[rule.method], in: day) + 1)
            }
            return nil
        }
    }

    /// The calls counted in `window`: none when the count is of an earlier window.
    private static func count(_ counted: (window: Int64, count: Int)?, in window: Int64) -> Int {
        guard let counted, counted.window == window else { return 0 }
        return counted.count
    }
}
