/// The limits Google documents for allow policies (docs/iam-limits.md cites the page). jitaccess
/// checks a policy against them before writing it, so that a user gets a clear answer instead
/// of a failed `setIamPolicy`, and the embedded IAM and the emulator refuse what Google refuses.
public enum IAMLimits {
    /// Logic operators (`&&`, `||`, `!`) in one binding's condition expression.
    public static let logicalOperatorsPerCondition = 12
    /// Bindings in one policy with the same role and the same member but different conditions.
    public static let conditionalBindingsPerRoleAndMember = 20
    /// Members in all bindings of one policy, every occurrence counted.
    public static let membersPerPolicy = 1_500
    /// Distinct Google groups and domains in all bindings of one policy.
    public static let groupsAndDomainsPerPolicy = 250

    /// The first limit `policy` breaks, worded as Google words its `INVALID_ARGUMENT`; `nil`
    /// when it keeps them all.
    public static func violation(in policy: IAMPolicy) -> String? {
        let members = policy.bindings.reduce(0) { $0 + $1.members.count }
        if members > membersPerPolicy {
            return "The number of members in the policy (\(grouped(members))) is larger than the maximum allowed size \(grouped(membersPerPolicy))."
        }
        let groups = Set(policy.bindings.flatMap(\.members).filter { $0.hasPrefix("group:") || $0.hasPrefix("domain:") })
        if groups.count > groupsAndDomainsPerPolicy {
            return "The number of groups and domains in the policy (\(groups.count)) is larger than the maximum allowed size \(groupsAndDomainsPerPolicy)."
        }
        for binding in policy.bindings {
            guard let condition = binding.condition else { continue }
            let operators = operatorCount(condition.expression)
            if operators > logicalOperatorsPerCondition {
                return "The condition expression of the binding for \(binding.role) has \(operators) logical operators; the maximum allowed is \(logicalOperatorsPerCondition)."
            }
        }
        var conditions: [RoleAndMember: Set<String>] = [:]
        for binding in policy.bindings {
            guard let expression = binding.condition?.expression else { continue }
            for member in binding.members {
                let key = RoleAndMember(role: binding.role, member: member.lowercased())
                conditions[key, default: []].insert(expression)
                if conditions[key]!.count > conditionalBindingsPerRoleAndMember {
                    return "The policy has more than \(conditionalBindingsPerRoleAndMember) bindings of \(binding.role) for \(member) with different conditions, the maximum allowed."
                }
            }
        }
        return nil
    }

    /// The logic operators of `expression` as Google counts them; an expression jitaccess
    /// cannot read counts as none (Google refuses it for its syntax instead).
    public static func operatorCount(_ expression: String) -> Int {
        ConditionExpression(expression)?.logicalOperatorCount ?? 0
    }

    private struct RoleAndMember: Hashable {
        let role: String
        let member: String
    }

    /// 1503 -> "1,503", as Google writes counts.
    private static func grouped(_ number: Int) -> String {
        let digits = String(number)
        var output = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.utf8.count - offset).isMultiple(of: 3) { output.append(",") }
            output.append(digit)
        }
        return output
    }
}
