/// A request to activate one or more self-approval roles on one project.
public struct SelfActivationRequest: Sendable {
    public let user: UserId
    public let project: ProjectId
    public let entitlements: [EntitlementId]
    public let justification: String
    public let minutes: Int

    public init(user: UserId, project: ProjectId, entitlements: [EntitlementId], justification: String, minutes: Int) {
        self.user = user
        self.project = project
        self.entitlements = entitlements
        self.justification = justification
        self.minutes = minutes
    }
}
