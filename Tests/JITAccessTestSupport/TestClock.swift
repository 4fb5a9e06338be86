import JITAccessCore
import Synchronization

/// A clock for tests: it stands still until told to move, and its waits return at once (their
/// total is kept), so that retry paths run without real sleeping.
public final class TestClock: WallClock, Sendable {
    private struct State {
        var now: Timestamp
        var slept: Duration = .zero
    }

    private let state: Mutex<State>

    public init(_ now: Timestamp) {
        state = Mutex(State(now: now))
    }

    public var now: Timestamp { state.withLock { $0.now } }

    /// Everything the code under test waited, in all.
    public var slept: Duration { state.withLock { $0.slept } }

    /// Moves the time on by `seconds`.
    public func advance(seconds: Int64) {
        state.withLock { $0.now = $0.now.adding(seconds: seconds) }
    }

    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        state.withLock { $0.slept += duration }
    }
}
