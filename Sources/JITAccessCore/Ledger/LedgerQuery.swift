/// Which entries to list: one participant's, newest first, a page at a time.
public struct LedgerQuery: Sendable, Equatable {
    /// As whom the participant is listed.
    public enum Role: String, Sendable, Equatable {
        /// Entries whose ``LedgerEntry/beneficiary`` is the participant.
        case requester
        /// Entries whose ``LedgerEntry/reviewers`` contain the participant.
        case reviewer
    }

    public let participant: UserId
    public let role: Role
    /// Only entries in one of these states; every state when empty.
    public let states: [LedgerState]
    /// The most entries in one page (at least 1).
    public let limit: Int
    /// Where the previous page ended; `nil` for the first page.
    public let after: LedgerCursor?

    public init(participant: UserId, role: Role, states: [LedgerState] = [], limit: Int, after: LedgerCursor? = nil) {
        self.participant = participant
        self.role = role
        self.states = states
        self.limit = max(1, limit)
        self.after = after
    }
}
