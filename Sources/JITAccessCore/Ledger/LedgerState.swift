/// Where a recorded request stands. Ledger and IAM cannot change in one transaction, so the
/// two steps that touch IAM pass through a state of their own (``approving``, ``ending``) that
/// the next reader finishes or rolls back (docs/architecture.md, "The request ledger").
public enum LedgerState: String, Sendable, Codable, CaseIterable {
    /// Waiting for approvals; lapses at ``LedgerEntry/expiresAt``.
    case pending
    /// The last approval the quorum needs is being written to IAM.
    case approving
    /// The activation was written; it lasts until the window's end.
    case approved
    /// A reviewer rejected the request.
    case rejected
    /// The requester withdrew the request.
    case withdrawn
    /// Nobody approved enough before the request lapsed.
    case expired
    /// The activation is being removed from IAM before its window ended.
    case ending
    /// The activation was removed before its window ended.
    case ended

    /// True for the states no decision leaves.
    public var isFinal: Bool {
        switch self {
        case .rejected, .withdrawn, .expired, .ended: true
        case .pending, .approving, .approved, .ending: false
        }
    }
}
