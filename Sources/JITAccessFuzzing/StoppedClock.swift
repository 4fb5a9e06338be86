import JITAccessCore
import JITAccessTokens
import JITAccessWeb

/// A clock that never moves, so that a token's verdict depends on its bytes alone; nothing
/// the targets run waits on it.
struct StoppedClock: WallClock {
    let now: Timestamp

    func sleep(for duration: Duration) async throws {}
}
