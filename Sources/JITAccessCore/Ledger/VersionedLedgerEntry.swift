/// A ledger entry as read, with the version a replacement must name.
public struct VersionedLedgerEntry: Sendable, Equatable {
    public let entry: LedgerEntry
    public let version: LedgerVersion

    public init(entry: LedgerEntry, version: LedgerVersion) {
        self.entry = entry
        self.version = version
    }
}
