import JITAccessCore
import JITAccessTestSupport
import Testing

@Suite("Backoff")
struct BackoffTests {
    /// Jitter that always answers the same fraction.
    struct ConstantJitter: Jitter {
        let value: Double
        func fraction() -> Double { value }
    }

    @Test func waitsDoubleFromTheInitialDelayUpToTheMaximum() {
        let backoff = Backoff(maxAttempts: 10, initialDelay: .milliseconds(100), maxDelay: .milliseconds(500), jitter: ConstantJitter(value: 1))
        #expect((1...5).map(backoff.delay(afterAttempt:)) == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(500), .milliseconds(500)])
        let half = Backoff(maxAttempts: 10, initialDelay: .milliseconds(100), maxDelay: .seconds(1), jitter: ConstantJitter(value: 0.5))
        #expect(half.delay(afterAttempt: 2) == .milliseconds(100))
        let wild = Backoff(maxAttempts: 10, initialDelay: .milliseconds(100), maxDelay: .seconds(1), jitter: ConstantJitter(value: 7))
        #expect(wild.delay(afterAttempt: 1) == .milliseconds(100), "a fraction beyond 1 is held to 1")
    }

    @Test func attemptsAndTheBudgetBoundTheRetries() {
        let policy = Backoff.policyWrite(jitter: SeededJitter())
        #expect(policy.allowsAnother(after: 11, elapsed: .seconds(3_600), wait: .seconds(1)), "no budget: only the attempts count")
        #expect(!policy.allowsAnother(after: 12, elapsed: .zero, wait: .zero))
        let google = Backoff.googleCall(jitter: SeededJitter())
        #expect(google.allowsAnother(after: 1, elapsed: .seconds(19), wait: .milliseconds(500)))
        #expect(!google.allowsAnother(after: 1, elapsed: .seconds(19), wait: .seconds(1)), "the next attempt would start 20 s after the first")
        #expect(!google.allowsAnother(after: 3, elapsed: .zero, wait: .zero))
    }

    @Test func seededJitterRepeatsItselfAndStaysBetweenZeroAndOne() {
        let first = SeededJitter(seed: 7)
        let second = SeededJitter(seed: 7)
        let values = (0..<1_000).map { _ in first.fraction() }
        #expect(values == (0..<1_000).map { _ in second.fraction() })
        #expect(values.allSatisfy { (0...1).contains($0) })
        #expect(Set(values).count > 900)
    }
}
