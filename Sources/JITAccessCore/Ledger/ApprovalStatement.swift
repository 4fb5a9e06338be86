/// One reviewer's approval as the ledger keeps it: who approved which request when, and
/// jitaccess's signature over exactly that, so that a forged ledger entry cannot add approvals
/// (`TokenSigner.sign(_:)` with an ``ApprovalClaims``).
public struct ApprovalStatement: Sendable, Equatable, Codable {
    public let approver: UserId
    public let approvedAt: Timestamp
    /// The compact JWS of the ``ApprovalClaims``.
    public let signature: String

    public init(approver: UserId, approvedAt: Timestamp, signature: String) {
        self.approver = approver
        self.approvedAt = approvedAt
        self.signature = signature
    }
}
