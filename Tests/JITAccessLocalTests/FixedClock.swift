import JITAccessCore

/// A clock that stands still; its waits are real, so that concurrent writers interleave.
struct FixedClock: WallClock {
    let now: Timestamp

    func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
