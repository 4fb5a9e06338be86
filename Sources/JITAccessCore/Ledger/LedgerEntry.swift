/// One recorded request: what was asked, of whom, and every decision on it.
///
/// Adapters store every field; ``beneficiary``, ``reviewers``, ``state`` and ``createdAt`` are
/// the ones ``LedgerQuery`` selects and orders by.
public struct LedgerEntry: Sendable, Equatable, Codable {
    /// The request's id, the `jti` of its activation token.
    public let id: String
    public let beneficiary: UserId
    public let reviewers: [UserId]
    public let project: ProjectId
    /// The roles asked for, in the requester's order.
    public let roles: [String]
    public let justification: String
    /// The window the access has once approved.
    public let window: ActivationWindow
    /// When the request lapses unless approved.
    public let expiresAt: Timestamp
    /// How many distinct reviewers must approve.
    public let requiredApprovals: Int
    public let createdAt: Timestamp

    public var state: LedgerState
    /// The approvals so far, in the order they were recorded; a reviewer appears once.
    public var approvals: [ApprovalStatement]
    /// When the state last changed: a reader that finds ``LedgerState/approving`` or
    /// ``LedgerState/ending`` older than a lease finishes or rolls back the step.
    public var updatedAt: Timestamp
    /// The rejection, with its reason.
    public var rejection: Decision?
    /// The withdrawal.
    public var withdrawal: Decision?
    /// Who ended the access early, and when.
    public var ending: Decision?

    public init(
        id: String, beneficiary: UserId, reviewers: [UserId], project: ProjectId, roles: [String], justification: String,
        window: ActivationWindow, expiresAt: Timestamp, requiredApprovals: Int, createdAt: Timestamp,
        state: LedgerState = .pending, approvals: [ApprovalStatement] = [], updatedAt: Timestamp? = nil,
        rejection: Decision? = nil, withdrawal: Decision? = nil, ending: Decision? = nil
    ) {
        self.id = id
        self.beneficiary = beneficiary
        self.reviewers = reviewers
        self.project = project
        self.roles = roles
        self.justification = justification
        self.window = window
        self.expiresAt = expiresAt
        self.requiredApprovals = requiredApprovals
        self.createdAt = createdAt
        self.state = state
        self.approvals = approvals
        self.updatedAt = updatedAt ?? createdAt
        self.rejection = rejection
        self.withdrawal = withdrawal
        self.ending = ending
    }
}
