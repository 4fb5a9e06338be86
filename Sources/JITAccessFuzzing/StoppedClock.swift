import JITAccessCore
import JITAccessTokens
import JITAccessWeb

/// A clock that never moves, so that a token's verdict depends on its bytes alone.
struct StoppedClock: WallClock {
    let now: Timestamp
}
