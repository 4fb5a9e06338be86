/// How often and how long to wait when a policy write loses a race.
public struct RetryPolicy: Sendable {
    public let maxAttempts: Int
    public let initialDelayMilliseconds: Int
    public let maxDelayMilliseconds: Int

    public init(maxAttempts: Int = 12, initialDelayMilliseconds: Int = 20, maxDelayMilliseconds: Int = 1_000) {
        self.maxAttempts = maxAttempts
        self.initialDelayMilliseconds = initialDelayMilliseconds
        self.maxDelayMilliseconds = maxDelayMilliseconds
    }

    /// Exponential backoff with full jitter: a random wait up to `initial * 2^attempt`, capped.
    func delay(afterAttempt attempt: Int) -> Duration {
        let ceiling = min(maxDelayMilliseconds, initialDelayMilliseconds << min(attempt, 20))
        return .milliseconds(Int.random(in: 0...max(ceiling, 1)))
    }
}
