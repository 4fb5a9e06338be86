import Synchronization

/// Token buckets, one per action and key (a user, or a mail recipient), kept in memory.
///
/// The buckets of one action are bounded (``maxKeysPerAction``) because a demo identity can
/// name any number of users: when the table is full, buckets that have refilled (which hold
/// nothing a new bucket would not) go first, then the fullest. Limits hold per process, so per
/// replica.
public final class RateLimiter: Sendable {
    /// The most keys tracked for one action.
    public let maxKeysPerAction: Int
    public let limits: RateLimits
    private let clock: any WallClock
    private let buckets = Mutex<[RateLimitedAction: [String: Bucket]]>([:])

    private struct Bucket {
        var tokens: Double
        var updated: Timestamp
    }

    public init(limits: RateLimits, clock: any WallClock, maxKeysPerAction: Int = 10_000) {
        self.limits = limits
        self.clock = clock
        self.maxKeysPerAction = maxKeysPerAction
    }

    /// Takes one token for `action` from each of `keys`' buckets, or none: when any bucket is
    /// empty, throws ``JITAccessError/tooManyRequests(_:retryAfterSeconds:)`` naming the key
    /// (`describe` words it) and when to try again.
    public func take(_ action: RateLimitedAction, for keys: [String], describe: (String) -> String) throws(JITAccessError) {
        guard let limit = limits.limits[action], !keys.isEmpty else { return }
        let now = clock.now
        let refusal: (key: String, wait: Int)? = buckets.withLock { all in
            var table = all[action] ?? [:]
            defer { all[action] = table }
            var levels: [String: Bucket] = [:]
            for key in Set(keys) {
                let bucket = Self.refilled(table[key], limit: limit, now: now)
                guard bucket.tokens >= 1 else {
                    let perSecond = Double(limit.count) / Double(limit.seconds)
                    return (key, max(1, Int(((1 - bucket.tokens) / perSecond).rounded(.up))))
                }
                levels[key] = bucket
            }
            for (key, var bucket) in levels {
                if table[key] == nil { makeRoom(in: &table, limit: limit, now: now) }
                bucket.tokens -= 1
                table[key] = bucket
            }
            return nil
        }
        if let refusal {
            throw .tooManyRequests(
                "\(describe(refusal.key)) reached the limit of \(limit.count) per \(Self.words(seconds: limit.seconds)); try again in \(Self.words(seconds: refusal.wait)).",
                retryAfterSeconds: refusal.wait
            )
        }
    }

    /// ``take(_:for:describe:)``, and on a refusal an audit line for `user` before the error.
    public func take(_ action: RateLimitedAction, for keys: [String], by user: UserId, audit: any AuditLog, describe: (String) -> String) throws(JITAccessError) {
        do {
            try take(action, for: keys, describe: describe)
        } catch {
            if case .tooManyRequests(let message, let seconds) = error {
                audit.record(AuditEvent(
                    name: "api.rateLimited", severity: .warning, message: "User \(user) was refused a \(action.rawValue): \(message)",
                    labels: ["user": user.email, "action": action.rawValue, "retry_after": String(seconds), "error": message]
                ))
            }
            throw error
        }
    }

    /// The number of keys tracked for `action`, for tests and metrics.
    public func trackedKeys(_ action: RateLimitedAction) -> Int {
        buckets.withLock { $0[action]?.count ?? 0 }
    }

    private static func refilled(_ bucket: Bucket?, limit: RateLimit, now: Timestamp) -> Bucket {
        guard let bucket else { return Bucket(tokens: Double(limit.count), updated: now) }
        let elapsed = Double(max(0, now.secondsSinceEpoch - bucket.updated.secondsSinceEpoch))
        let tokens = min(Double(limit.count), bucket.tokens + elapsed * Double(limit.count) / Double(limit.seconds))
        return Bucket(tokens: tokens, updated: now)
    }

    /// Frees a place when the table is full: drops every bucket that has refilled, or else the
    /// fullest one.
    private func makeRoom(in table: inout [String: Bucket], limit: RateLimit, now: Timestamp) {
        guard table.count >= maxKeysPerAction else { return }
        let levels = table.mapValues { Self.refilled($0, limit: limit, now: now).tokens }
        let full = levels.filter { $0.value >= Double(limit.count) }.keys
        if full.isEmpty, let fullest = levels.max(by: { $0.value < $1.value })?.key {
            table[fullest] = nil
        } else {
            for key in full { table[key] = nil }
        }
    }

    /// 90 -> "2 minutes", 1 -> "1 second", 3600 -> "1 hour".
    static func words(seconds: Int) -> String {
        let (amount, unit) = seconds >= 3_600 && seconds.isMultiple(of: 3_600) ? (seconds / 3_600, "hour")
            : seconds >= 120 ? ((seconds + 59) / 60, "minute") : (seconds, "second")
        return "\(amount) \(unit)\(amount == 1 ? "" : "s")"
    }
}
