/// A pending peer-approval request: who asks for what, why, for which window, and who may
/// approve. It travels as a signed ``ActivationToken``; jitaccess stores nothing.
public struct ActivationRequest: Sendable, Equatable {
    /// The token id (`jti`), `mpa-` followed by random hex.
    public let id: String
    public let beneficiary: UserId
    public let reviewers: [UserId]
    public let entitlement: EntitlementId
    public let justification: String
    /// The window the access will have once approved.
    public let window: ActivationWindow
    /// When the request itself lapses if nobody approved it.
    public let expiresAt: Timestamp

    public init(id: String, beneficiary: UserId, reviewers: [UserId], entitlement: EntitlementId, justification: String, window: ActivationWindow, expiresAt: Timestamp) {
        self.id = id
        self.beneficiary = beneficiary
        self.reviewers = reviewers
        self.entitlement = entitlement
        self.justification = justification
        self.window = window
        self.expiresAt = expiresAt
    }
}
