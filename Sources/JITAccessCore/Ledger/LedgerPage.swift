/// One page of entries, and where the next one starts (`nil` after the last).
public struct LedgerPage: Sendable, Equatable {
    public let entries: [LedgerEntry]
    public let next: LedgerCursor?

    public init(entries: [LedgerEntry], next: LedgerCursor?) {
        self.entries = entries
        self.next = next
    }
}
