/// The passing of time as jitaccess sees it: the current time, and waiting. The composition root
/// makes one and passes it everywhere, so a test can stop time or skip the waits.
public protocol WallClock: Sendable {
    /// The current time, to the second.
    var now: Timestamp { get }

    /// Returns after `duration`, or throws when the task is cancelled.
    func sleep(for duration: Duration) async throws
}
