/// What jitaccess tells people about bindings that do not work as their author probably meant:
/// a marker that does not make a binding eligible, and an activation that Google would refuse
/// (``IAMLimits``). Found when eligibility is read (the roles listing, `jitaccess check-cloud`),
/// so that nobody meets them as a failed write.
public enum EntitlementWarnings {
    /// The warnings for `user`'s `bindings` on `project` and its ancestors, each once.
    public static func warnings(for bindings: [ScopedBinding], user: UserId, project: ProjectId, now: Timestamp) -> [String] {
        var warnings: [String] = []
        for scoped in bindings {
            for problem in problems(with: scoped.binding) {
                let warning = "The binding of \(scoped.binding.role) on \(scoped.resource) \(problem)."
                if !warnings.contains(warning) { warnings.append(warning) }
            }
        }
        return warnings + crowdedRoles(bindings, user: user, project: project, now: now)
    }

    /// What is wrong with `binding`, as predicates to follow "The binding of ROLE on RESOURCE";
    /// empty when nothing is.
    public static func problems(with binding: IAMBinding) -> [String] {
        guard let condition = binding.condition else { return [] }
        if let reason = EligibilityCondition.ineligibility(of: condition.expression) {
            return ["names a jitaccess marker but makes nobody eligible: \(reason)"]
        }
        guard let eligibility = EligibilityCondition(condition) else { return [] }
        let activation = ActivationCondition(window: ActivationWindow(start: Timestamp(secondsSinceEpoch: 0), minutes: 1), resourceCondition: eligibility.resourceCondition)
        let operators = IAMLimits.operatorCount(activation.expression)
        guard operators > IAMLimits.logicalOperatorsPerCondition else { return [] }
        return [
            "cannot be activated: an activation would have \(operators) logical operators in its condition, and Google allows "
                + "\(IAMLimits.logicalOperatorsPerCondition); ask an administrator to simplify its resource condition",
        ]
    }

    /// Roles the user already holds on the project under as many different conditions as
    /// Google allows, so that one more activation would be refused.
    private static func crowdedRoles(_ bindings: [ScopedBinding], user: UserId, project: ProjectId, now: Timestamp) -> [String] {
        let resource = ResourceName(project)
        var conditions: [String: Set<String>] = [:]
        for scoped in bindings where scoped.resource == resource && scoped.binding.principals.contains(user.principal) {
            guard let condition = scoped.binding.condition else { continue }
            if let activation = ActivationCondition(condition), activation.window.end <= now { continue }
            conditions[scoped.binding.role, default: []].insert(condition.expression)
        }
        return conditions.filter { $0.value.count >= IAMLimits.conditionalBindingsPerRoleAndMember }.keys.sorted().map { role in
            "You hold \(role) on \(project) under \(IAMLimits.conditionalBindingsPerRoleAndMember) different conditions, as many as Google allows; "
                + "another activation of it is refused until one of them ends."
        }
    }
}
