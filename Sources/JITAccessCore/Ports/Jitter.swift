/// Where the randomness of retry waits comes from: never for anything secret, so a test may
/// seed it. Secrets (token ids, activation ids, form tokens, nonces) come from ``SecureRandom``.
public protocol Jitter: Sendable {
    /// A number between 0 and 1.
    func fraction() -> Double
}
