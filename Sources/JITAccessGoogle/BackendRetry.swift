import AsyncHTTPClient
import Foundation
import JITAccessCore
import Logging
import NIOCore
import NIOHTTP1

/// How often a call that failed with 429, 5xx or no answer is tried, and how long to wait between.
public struct BackendRetry: Sendable {
    /// Attempts in all, the first included.
    public let maxAttempts: Int
    /// The ceiling of the first wait; it doubles after each attempt.
    public let initialDelay: Duration
    /// The largest wait.
    public let maxDelay: Duration
    /// No attempt starts once this much time has gone by since the first: the user is waiting,
    /// and load balancers give up after 30 s.
    public let budget: Duration

    /// Three attempts, waiting up to 200 ms then up to 400 ms (full jitter), at most 5 s, none
    /// starting more than 20 s after the first.
    public init(
        maxAttempts: Int = 3, initialDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(5), budget: Duration = .seconds(20)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.budget = budget
    }

    /// Full jitter: a random wait up to `initialDelay * 2^(attempt-1)`, capped at `maxDelay`.
    func delay(afterAttempt attempt: Int) -> Duration {
        let ceiling = min(maxDelay, initialDelay * (1 << min(attempt - 1, 20)))
        return ceiling * Double.random(in: 0...1)
    }
}
