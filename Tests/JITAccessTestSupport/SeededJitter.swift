import JITAccessCore
import Synchronization

/// Retry jitter from a seeded generator, so that a test's waits are the same on every run.
public final class SeededJitter: Jitter, Sendable {
    private let state: Mutex<UInt64>

    public init(seed: UInt64 = 20_261_203) {
        state = Mutex(seed)
    }

    public func fraction() -> Double {
        state.withLock { state in
            // SplitMix64: small, and good enough to spread waits.
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = state
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            mixed ^= mixed >> 31
            return Double(mixed >> 11) / Double(1 << 53)
        }
    }
}

extension Backoff {
    /// The etag retry of the application, with seeded jitter: for tests, whose clock skips the waits.
    public static var testPolicyWrite: Backoff { .policyWrite(jitter: SeededJitter()) }

    /// The retry of a Google call, with seeded jitter.
    public static var testGoogleCall: Backoff { .googleCall(jitter: SeededJitter()) }
}
