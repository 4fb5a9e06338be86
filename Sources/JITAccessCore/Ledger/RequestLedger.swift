/// Records peer-approval requests and the decisions on them; never access itself.
///
/// IAM stays the only source of truth for access: an entry can only block (a rejection, a
/// withdrawal, an early end), never grant, because an approval still needs the signed token and
/// live eligibility checks. Writes use optimistic concurrency, the etag pattern of IAM policies:
/// every read returns a ``LedgerVersion`` and a replacement succeeds only while the entry still
/// has it. Implementations: SQLite (`JITAccessLedgerSQLite`) and Firestore (`JITAccessGoogle`).
public protocol RequestLedger: Sendable {
    /// Stores a new entry and returns its version; throws ``JITAccessError/conflict(_:)`` when
    /// an entry with the same id exists.
    @discardableResult
    func create(_ entry: LedgerEntry) async throws -> LedgerVersion

    /// The entry with `id` and its current version, or `nil` when there is none.
    func entry(_ id: String) async throws -> VersionedLedgerEntry?

    /// Replaces the entry with `entry.id` if its version is still `version` and returns the new
    /// version; throws ``JITAccessError/conflict(_:)`` when another write came first or the
    /// entry is gone.
    @discardableResult
    func replace(_ entry: LedgerEntry, ifVersion version: LedgerVersion) async throws -> LedgerVersion

    /// The entries `query` asks for, newest first (by ``LedgerEntry/createdAt``, then id).
    func entries(matching query: LedgerQuery) async throws -> LedgerPage

    /// Deletes the entries created before `cutoff` (the retention period) and returns how many.
    @discardableResult
    func deleteEntries(createdBefore cutoff: Timestamp) async throws -> Int
}
