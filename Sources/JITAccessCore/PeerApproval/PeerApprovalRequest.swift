/// A request for a peer-approval role, as the requester submits it.
public struct PeerApprovalRequest: Sendable {
    public let user: UserId
    public let project: ProjectId
    public let entitlement: EntitlementId
    public let reviewers: [UserId]
    public let justification: String
    public let minutes: Int

    public init(user: UserId, project: ProjectId, entitlement: EntitlementId, reviewers: [UserId], justification: String, minutes: Int) {
        self.user = user
        self.project = project
        self.entitlement = entitlement
        self.reviewers = reviewers
        self.justification = justification
        self.minutes = minutes
    }
}
