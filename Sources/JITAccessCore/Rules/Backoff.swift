/// Exponential backoff with full jitter: how often an operation that lost a race or met a
/// passing failure is tried, and how long to wait between the attempts.
///
/// The one retry rule of jitaccess: the etag retry of a policy write (``policyWrite(jitter:)``)
/// and the retry of a Google call (``googleCall(jitter:)``) differ only in their numbers.
public struct Backoff: Sendable {
    /// Attempts in all, the first included.
    public let maxAttempts: Int
    /// The ceiling of the wait after the first attempt; it doubles after each further one.
    public let initialDelay: Duration
    /// The largest wait.
    public let maxDelay: Duration
    /// No attempt starts once this much time has gone by since the first; `nil` sets no limit.
    public let budget: Duration?
    /// Where the waits' randomness comes from.
    public let jitter: any Jitter

    public init(maxAttempts: Int, initialDelay: Duration, maxDelay: Duration, budget: Duration? = nil, jitter: any Jitter) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.budget = budget
        self.jitter = jitter
    }

    /// A policy write that lost the etag race: 12 attempts, waits up to 20 ms doubling to 1 s.
    public static func policyWrite(jitter: any Jitter) -> Backoff {
        Backoff(maxAttempts: 12, initialDelay: .milliseconds(20), maxDelay: .seconds(1), jitter: jitter)
    }

    /// A Google call that failed with 429, 5xx or no answer: 3 attempts, waits up to 200 ms then
    /// 400 ms, at most 5 s, none starting more than 20 s after the first (the user is waiting,
    /// and load balancers give up after 30 s).
    public static func googleCall(jitter: any Jitter) -> Backoff {
        Backoff(maxAttempts: 3, initialDelay: .milliseconds(200), maxDelay: .seconds(5), budget: .seconds(20), jitter: jitter)
    }

    /// The wait after attempt `attempt` (1 is the first) failed: a random fraction of
    /// `initialDelay * 2^(attempt - 1)`, capped at `maxDelay`.
    public func delay(afterAttempt attempt: Int) -> Duration {
        let ceiling = min(maxDelay, initialDelay * (1 << min(max(attempt - 1, 0), 20)))
        return ceiling * min(max(jitter.fraction(), 0), 1)
    }

    /// Whether another attempt may start after attempt `attempt` failed, `elapsed` after the
    /// first began, if it first waits `wait`.
    public func allowsAnother(after attempt: Int, elapsed: Duration, wait: Duration) -> Bool {
        guard attempt < maxAttempts else { return false }
        guard let budget else { return true }
        return elapsed + wait < budget
    }
}
