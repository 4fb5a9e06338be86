import JITAccessCore
import Testing

/// The behaviour every ``RequestLedger`` must have, run by the tests of each adapter against a
/// fresh, empty ledger: create once, replace only at the version read, newest-first queries by
/// requester and by reviewer with state filters and paging, and retention.
public enum LedgerContract {
    /// Runs every check against ledgers from `makeLedger` (each check gets an empty one).
    public static func check(_ makeLedger: () async throws -> any RequestLedger) async throws {
        try await createsOnce(makeLedger())
        try await replacesOnlyAtTheVersionRead(makeLedger())
        try await roundTripsEveryField(makeLedger())
        try await listsNewestFirstByParticipant(makeLedger())
        try await pagesWithoutGapsOrRepeats(makeLedger())
        try await deletesByAge(makeLedger())
    }

    /// An entry with `id`, requested by `beneficiary` from `reviewers`, created at `created`
    /// seconds after the epoch.
    public static func entry(
        _ id: String, beneficiary: String = "alice@example.com", reviewers: [String] = ["bob@example.com", "carol@example.com"],
        created: Int64 = 1_700_000_000, state: LedgerState = .pending
    ) -> LedgerEntry {
        let start = Timestamp(secondsSinceEpoch: created)
        return LedgerEntry(
            id: id, beneficiary: UserId(beneficiary)!, reviewers: reviewers.map { UserId($0)! }, project: ProjectId("prod-db")!,
            roles: ["roles/cloudsql.admin", "roles/bigquery.admin"], justification: "INC-7 ünïcode ✓",
            window: ActivationWindow(start: start, minutes: 60), expiresAt: start.adding(seconds: 3600), requiredApprovals: 2,
            createdAt: start, state: state
        )
    }

    static func createsOnce(_ ledger: any RequestLedger) async throws {
        let version = try await ledger.create(entry("req-1"))
        #expect(try await ledger.entry("req-1")?.version == version)
        await #expect(throws: JITAccessError.self) { try await ledger.create(entry("req-1")) }
        #expect(try await ledger.entry("req-2") == nil)
    }

    static func replacesOnlyAtTheVersionRead(_ ledger: any RequestLedger) async throws {
        let first = try await ledger.create(entry("req-1"))
        var changed = entry("req-1")
        changed.state = .approving
        let second = try await ledger.replace(changed, ifVersion: first)
        #expect(second != first)
        changed.state = .approved
        await #expect(throws: JITAccessError.self, "a stale version") { try await ledger.replace(changed, ifVersion: first) }
        #expect(try await ledger.entry("req-1")?.entry.state == .approving)
        await #expect(throws: JITAccessError.self, "an entry that does not exist") { try await ledger.replace(entry("req-9"), ifVersion: first) }
    }

    static func roundTripsEveryField(_ ledger: any RequestLedger) async throws {
        var full = entry("req-1")
        full.state = .rejected
        full.approvals = [ApprovalStatement(approver: UserId("bob@example.com")!, approvedAt: Timestamp(secondsSinceEpoch: 1_700_000_100), signature: "eyJ.x.y")]
        full.updatedAt = Timestamp(secondsSinceEpoch: 1_700_000_200)
        full.rejection = Decision(by: UserId("carol@example.com")!, at: Timestamp(secondsSinceEpoch: 1_700_000_200), reason: "Not during the freeze <b>\"'&")
        full.withdrawal = Decision(by: UserId("alice@example.com")!, at: Timestamp(secondsSinceEpoch: 1_700_000_300))
        full.ending = Decision(by: UserId("dave@example.com")!, at: Timestamp(secondsSinceEpoch: 1_700_000_400), reason: "done")
        try await ledger.create(full)
        #expect(try await ledger.entry("req-1")?.entry == full)
    }

    static func listsNewestFirstByParticipant(_ ledger: any RequestLedger) async throws {
        try await ledger.create(entry("req-a", created: 1_700_000_000))
        try await ledger.create(entry("req-b", created: 1_700_000_060, state: .approved))
        try await ledger.create(entry("req-c", beneficiary: "bob@example.com", reviewers: ["alice@example.com"], created: 1_700_000_120))
        try await ledger.create(entry("req-d", created: 1_700_000_060))
        let alice = UserId("alice@example.com")!, bob = UserId("bob@example.com")!, carol = UserId("carol@example.com")!
        let mine = try await ledger.entries(matching: LedgerQuery(participant: alice, role: .requester, limit: 10))
        #expect(mine.entries.map(\.id) == ["req-d", "req-b", "req-a"], "newest first, then by id")
        #expect(mine.next == nil)
        let toReview = try await ledger.entries(matching: LedgerQuery(participant: alice, role: .reviewer, limit: 10))
        #expect(toReview.entries.map(\.id) == ["req-c"])
        let pending = try await ledger.entries(matching: LedgerQuery(participant: bob, role: .reviewer, states: [.pending], limit: 10))
        #expect(pending.entries.map(\.id) == ["req-d", "req-a"])
        let settled = try await ledger.entries(matching: LedgerQuery(participant: carol, role: .reviewer, states: [.approved, .rejected], limit: 10))
        #expect(settled.entries.map(\.id) == ["req-b"])
        #expect(try await ledger.entries(matching: LedgerQuery(participant: carol, role: .requester, limit: 10)).entries.isEmpty)
    }

    static func pagesWithoutGapsOrRepeats(_ ledger: any RequestLedger) async throws {
        for index in 0..<7 {
            try await ledger.create(entry("req-\(index)", created: 1_700_000_000 + Int64(index / 2) * 60))
        }
        var seen: [String] = []
        var cursor: LedgerCursor?
        repeat {
            let page = try await ledger.entries(matching: LedgerQuery(participant: UserId("bob@example.com")!, role: .reviewer, limit: 3, after: cursor))
            #expect(page.entries.count <= 3)
            seen += page.entries.map(\.id)
            cursor = page.next
        } while cursor != nil
        #expect(seen == ["req-6", "req-5", "req-4", "req-3", "req-2", "req-1", "req-0"])
    }

    static func deletesByAge(_ ledger: any RequestLedger) async throws {
        try await ledger.create(entry("req-old", created: 1_600_000_000))
        try await ledger.create(entry("req-new", created: 1_700_000_000))
        #expect(try await ledger.deleteEntries(createdBefore: Timestamp(secondsSinceEpoch: 1_650_000_000)) == 1)
        #expect(try await ledger.entry("req-old") == nil)
        #expect(try await ledger.entry("req-new") != nil)
    }
}
