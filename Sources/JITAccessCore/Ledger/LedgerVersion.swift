/// The version of a stored ledger entry, compared only for equality: a counter in SQLite, the
/// document's `updateTime` in Firestore.
public struct LedgerVersion: Sendable, Hashable, CustomStringConvertible {
    /// The adapter's spelling of the version.
    public let value: String

    public init(_ value: String) {
        self.value = value
    }

    public var description: String { value }
}
