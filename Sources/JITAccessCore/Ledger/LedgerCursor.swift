/// The position of an entry in the newest-first order: its creation time, then its id.
public struct LedgerCursor: Sendable, Hashable {
    public let createdAt: Timestamp
    public let id: String

    public init(createdAt: Timestamp, id: String) {
        self.createdAt = createdAt
        self.id = id
    }

    /// The cursor of `entry`: the next page starts after it.
    public init(after entry: LedgerEntry) {
        self.init(createdAt: entry.createdAt, id: entry.id)
    }
}
