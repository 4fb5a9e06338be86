import JITAccessCore
import JITAccessTestSupport

/// A clock whose waits move `emulated` on by a minute, so that a client's retry reaches the
/// emulator's next quota minute.
final class MinuteSkippingClock: WallClock, Sendable {
    let emulated: TestClock

    init(_ emulated: TestClock) {
        self.emulated = emulated
    }

    var now: Timestamp { emulated.now }

    func sleep(for duration: Duration) async throws {
        emulated.advance(seconds: 60)
    }
}
