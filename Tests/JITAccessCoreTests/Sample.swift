import JITAccessCore
import Synchronization

enum Sample {
    static let project = ProjectId("prod-db")!
    static let alice = UserId("alice@example.com")!
    static let bob = UserId("bob@example.com")!
    static let now = Timestamp(rfc3339: "2024-05-01T12:00:00Z")!

    static func eligible(_ role: String, _ marker: String = "has({}.jitAccessConstraint)", members: [String] = ["user:alice@example.com"]) -> IAMBinding {
        IAMBinding(role: role, members: members, condition: IAMCondition(title: "Eligible", expression: marker))
    }

    static func activation(_ role: String, member: String = "user:alice@example.com", start: Timestamp, minutes: Int, resourceCondition: String? = nil) -> IAMBinding {
        let condition = ActivationCondition(window: ActivationWindow(start: start, minutes: minutes), resourceCondition: resourceCondition.flatMap(ResourceCondition.init))
        return IAMBinding(role: role, members: [member], condition: condition.condition(description: "Self-approved, justification: old"))
    }
}
