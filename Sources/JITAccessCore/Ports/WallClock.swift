/// The current time, replaceable in tests.
public protocol WallClock: Sendable {
    var now: Timestamp { get }
}
