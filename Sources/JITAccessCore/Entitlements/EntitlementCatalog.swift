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
        try await listing(for: user, on: project).entitlements
    }

    /// The entitlements of `user` on `project`, sorted by role, and the warnings about bindings
    /// that do not work as their author probably meant (``EntitlementWarnings``).
    public func listing(for user: UserId, on project: ProjectId) async throws -> EntitlementListing {
        let bindings = try await analyzer.bindings(for: user, on: project)
        let now = clock.now
        let entitlements = Self.entitlements(from: bindings, user: user, project: project, now: now)
        return EntitlementListing(
            entitlements: entitlements,
            warnings: EntitlementWarnings.warnings(for: bindings, user: user, project: project, now: now)
        )
    }

    /// The resource conditions under which `user` holds an MPA-eligible binding for `role` on
    /// `project` or an ancestor, read live, each spelled as the most specific such binding
    /// spells it (``ScopedBinding/specificity``). JIT eligibility for the same role does not
    /// count: peer approval needs the peer-approval binding itself.
    public func peerApprovalConditions(for user: UserId, role: String, on project: ProjectId) async throws -> [ResourceCondition?] {
        let bindings = try await analyzer.bindings(for: user, on: project)
        var conditions: [ResourceCondition?] = []
        for scoped in ScopedBinding.mostSpecificFirst(bindings) {
            guard scoped.binding.role == role, let eligibility = EligibilityCondition(scoped.binding.condition), eligibility.type == .mpa,
                  !conditions.contains(eligibility.resourceCondition)
            else { continue }
            conditions.append(eligibility.resourceCondition)
        }
        return conditions
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
    /// user holds an activation on the project whose window contains `now`. An entitlement's
    /// resource condition is spelled as the most specific eligible binding spells it, which is
    /// the text an activation copies.
    public static func entitlements(from bindings: [ScopedBinding], user: UserId, project: ProjectId, now: Timestamp) -> [Entitlement] {
        var types: [EntitlementId: ActivationType] = [:]
        var activeUntil: [EntitlementId: Timestamp] = [:]
        let resource = ResourceName(project)
        // A dictionary keeps the key it was first given, so the most specific spelling wins.
        for scoped in ScopedBinding.mostSpecificFirst(bindings) {
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
                activationType: types[id] ?? .notEligible,
                status: activeUntil[id] == nil ? .inactive : .active,
                validUntil: activeUntil[id]
            )
        }
    }
}
extension ScopedBinding {
    /// How close the binding's resource is to a project: 0 for the project itself, 1 for a
    /// folder, 2 for the organization.
    public var specificity: Int {
        switch resource.kind {
        case .project: 0
        case .folder: 1
        case .organization: 2
        }
    }

    /// `bindings` with the project's first, then the folders', then the organization's; the
    /// order within each is kept (analyzers list nearer folders first where they know it).
    public static func mostSpecificFirst(_ bindings: [ScopedBinding]) -> [ScopedBinding] {
        bindings.enumerated().sorted { ($0.element.specificity, $0.offset) < ($1.element.specificity, $1.offset) }.map(\.element)
    }
}
