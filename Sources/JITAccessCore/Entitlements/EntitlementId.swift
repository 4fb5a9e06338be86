/// What an entitlement is about: a role on a project, under an optional resource condition.
///
/// Its string form is JIT Access 1.8.1's: `PROJECT:ROLE`, plus `:` and the base64url of the
/// resource condition when there is one. Clients treat it as opaque.
public struct EntitlementId: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let project: ProjectId
    public let role: String
    public let resourceCondition: ResourceCondition?

    public init(project: ProjectId, role: String, resourceCondition: ResourceCondition?) {
        self.project = project
        self.role = role
        self.resourceCondition = resourceCondition
    }

    /// Parses the string form; `nil` when it is not one.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard let roleIndex = parts.firstIndex(where: { Self.isRole($0) }), roleIndex > 0,
              parts.count - roleIndex <= 2,
              let project = ProjectId(parts[..<roleIndex].joined(separator: ":"))
        else { return nil }
        self.project = project
        self.role = String(parts[roleIndex])
        if parts.count - roleIndex == 2 {
            guard let text = Base64URL.decode(String(parts[roleIndex + 1])).flatMap({ String(validating: $0, as: UTF8.self) }),
                  let condition = ResourceCondition(text)
            else { return nil }
            self.resourceCondition = condition
        } else {
            self.resourceCondition = nil
        }
    }

    /// Role names: `roles/NAME`, `projects/ID/roles/NAME` or `organizations/NUMBER/roles/NAME`.
    public static func isRole(_ text: some StringProtocol) -> Bool {
        let parts = String(text).split(separator: "/", omittingEmptySubsequences: false)
        let allowed = { (part: Substring) in
            !part.isEmpty && part.utf8.count <= 128
                && part.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }
        }
        switch parts.count {
        case 2: return parts[0] == "roles" && allowed(parts[1])
        case 4: return (parts[0] == "projects" || parts[0] == "organizations") && allowed(parts[1]) && parts[2] == "roles" && allowed(parts[3])
        default: return false
        }
    }

    public var description: String {
        var text = "\(project.id):\(role)"
        if let resourceCondition {
            text += ":" + Base64URL.encode(Array(resourceCondition.expression.utf8))
        }
        return text
    }

    public static func < (lhs: EntitlementId, rhs: EntitlementId) -> Bool {
        (lhs.project, lhs.role, lhs.resourceCondition?.expression ?? "") < (rhs.project, rhs.role, rhs.resourceCondition?.expression ?? "")
    }
}
