/// A signed request, and whether the reviewers were told.
public struct SubmittedRequest: Sendable, Equatable {
    public let request: ActivationRequest
    public let token: String
    public let approvalLink: String
    /// Why the e-mail could not be sent, if it could not: the requester must pass the
    /// approval link on by hand.
    public let notificationError: String?
}
