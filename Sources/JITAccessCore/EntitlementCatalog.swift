/// Lists what a user may activate and what is active, read live from IAM on every call.
public struct EntitlementCatalog: Sendable {
    public let analyzer: any PolicyAnalyzer
    public let clock: any WallClock

    public init(analyzer: any PolicyAnalyzer, clock: any WallClock) {
        self.analyzer = analyzer
        self.clock = clock
    }

    /// The projects where `user` has eligible or active access, sorted.
    public func projects(for user: UserId) async throws -> [ProjectId] {
        try await analyzer.projects(for: user).sorted()
    }

    /// The entitlements of `user` on `project`, sorted by role.
    public func entitlements(for user: UserId, on project: ProjectId) async throws -> [Entitlement] {
        let bindings = try await analyzer.bindings(for: user, on: project)
        return Self.entitlements(from: bindings, user: user, project: project, now: clock.now)
    }

    /// The resource conditions under which `user` holds an MPA-eligible binding for `role` on
    /// `project` or an ancestor, read live. JIT eligibility for the same role does not count:
    /// peer approval needs the peer-approval binding itself.
    public func peerApprovalConditions(for user: UserId, role: String, on project: ProjectId) async throws -> Set<ResourceCondition?> {
        let bindings = try await analyzer.bindings(for: user, on: project)
        return Set(bindings.compactMap { scoped -> ResourceCondition?? in
            guard scoped.binding.role == role, let eligibility = EligibilityCondition(scoped.binding.condition), eligibility.type == .mpa else { return nil }
            return eligibility.resourceCondition
        })
    }

    /// The other users who hold the same MPA-eligible binding as `entitlement` (same role, same
    /// resource condition) on its project or an ancestor, directly or through groups; sorted.
    public func qualifiedPeers(for entitlement: EntitlementId, excluding user: UserId) async throws -> [UserId] {
        let holders = try await analyzer.holders(of: entitlement.role, on: entitlement.project)
        // Holders of one binding share its condition: classify each condition once.
        var qualifies: [String: Bool] = [:]
        var peers = Set<UserId>()
        for holder in holders where holder.user != user {
            guard let condition = holder.binding.binding.condition else { continue }
            let qualified = qualifies[condition.expression] ?? {
                let eligibility = EligibilityCondition(condition)
                return eligibility?.type == .mpa && eligibility?.resourceCondition == entitlement.resourceCondition
            }()
            qualifies[condition.expression] = qualified
            if qualified { peers.insert(holder.user) }
        }
        return peers.sorted()
    }

    /// Classifies bindings into entitlements: eligible bindings anywhere above the project
    /// (JIT wins over MPA for the same role and resource condition), marked active when the
    /// user holds an activation on the project whose window contains `now`.
    public static func entitlements(from bindings: [ScopedBinding], user: UserId, project: ProjectId, now: Timestamp) -> [Entitlement] {
        var types: [EntitlementId: ActivationType] = [:]
        var activeUntil: [EntitlementId: Timestamp] = [:]
        let resource = ResourceName(project)
        for scoped in bindings {
            let binding = scoped.binding
            if let eligibility = EligibilityCondition(binding.condition) {
                let id = EntitlementId(project: project, role: binding.role, resourceCondition: eligibility.resourceCondition)
                if types[id] != .jit { types[id] = eligibility.type }
            } else if scoped.resource == resource, let activation = ActivationCondition(binding.condition),
                      activation.window.contains(now), binding.principals.contains(user.principal)
            {
                let id = EntitlementId(project: project, role: binding.role, resourceCondition: activation.resourceCondition)
                activeUntil[id] = max(activeUntil[id] ?? activation.window.end, activation.window.end)
            }
        }
        let ids = Set(types.keys).union(activeUntil.keys)
        return ids.sorted().map { id in
            Entitlement(
                id: id,
                activationType: types[id] ?? .none,
                status: activeUntil[id] == nil ? .inactive : .active,
                validUntil: activeUntil[id]
            )
        }
    }
}

