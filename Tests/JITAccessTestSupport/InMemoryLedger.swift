import JITAccessCore
import Synchronization

/// A ledger in memory, for unit tests of the engines: the reference behaviour the SQLite and
/// Firestore adapters are held to by ``LedgerContract``.
public final class InMemoryLedger: RequestLedger, Sendable {
    private let stored = Mutex<[String: (entry: LedgerEntry, version: Int)]>([:])

    public init() {}

    public func create(_ entry: LedgerEntry) async throws -> LedgerVersion {
        try stored.withLock { entries throws(JITAccessError) in
            guard entries[entry.id] == nil else { throw .conflict("The request \(entry.id) is already recorded.") }
            entries[entry.id] = (entry, 1)
            return LedgerVersion("1")
        }
    }

    public func entry(_ id: String) async throws -> VersionedLedgerEntry? {
        stored.withLock { $0[id].map { VersionedLedgerEntry(entry: $0.entry, version: LedgerVersion(String($0.version))) } }
    }

    public func replace(_ entry: LedgerEntry, ifVersion version: LedgerVersion) async throws -> LedgerVersion {
        try stored.withLock { entries throws(JITAccessError) in
            guard let current = entries[entry.id], String(current.version) == version.value else {
                throw .conflict("The request \(entry.id) changed while it was being decided.")
            }
            entries[entry.id] = (entry, current.version + 1)
            return LedgerVersion(String(current.version + 1))
        }
    }

    public func entries(matching query: LedgerQuery) async throws -> LedgerPage {
        let all = stored.withLock { Array($0.values.map(\.entry)) }
        let selected = all.filter { entry in
            let participates = switch query.role {
            case .requester: entry.beneficiary == query.participant
            case .reviewer: entry.reviewers.contains(query.participant)
            }
            guard participates, query.states.isEmpty || query.states.contains(entry.state) else { return false }
            guard let after = query.after else { return true }
            return (entry.createdAt, entry.id) < (after.createdAt, after.id)
        }.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
        let page = Array(selected.prefix(query.limit))
        return LedgerPage(entries: page, next: selected.count > query.limit ? page.last.map(LedgerCursor.init(after:)) : nil)
    }

    public func deleteEntries(createdBefore cutoff: Timestamp) async throws -> Int {
        stored.withLock { entries in
            let old = entries.values.filter { $0.entry.createdAt < cutoff }.map(\.entry.id)
            old.forEach { entries[$0] = nil }
            return old.count
        }
    }
}
