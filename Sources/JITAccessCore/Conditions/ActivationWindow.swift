/// The time an activation lasts: from `start` (inclusive) to `end` (exclusive).
public struct ActivationWindow: Hashable, Sendable {
    public let start: Timestamp
    public let end: Timestamp

    public init(start: Timestamp, end: Timestamp) {
        self.start = start
        self.end = end
    }

    /// A window of `minutes` starting at `start`.
    public init(start: Timestamp, minutes: Int) {
        self.init(start: start, end: start.adding(seconds: Int64(minutes) * 60))
    }

    /// True when `time` falls inside the window.
    public func contains(_ time: Timestamp) -> Bool { start <= time && time < end }
}

extension ActivationWindow: Codable {}
