/// One temporary binding to add: a member, a role, and the activation's condition.
public struct TemporaryGrant: Sendable, Equatable {
    public let member: Principal
    public let role: String
    public let condition: ActivationCondition

    public init(member: Principal, role: String, condition: ActivationCondition) {
        self.member = member
        self.role = role
        self.condition = condition
    }
}
