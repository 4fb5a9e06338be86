import JITAccessCore

/// Decisions for `RESOURCE_CATALOG=AssetInventory`, read from sources that are current: the
/// project's ancestry and each policy up to the scope from Resource Manager (`getAncestry`,
/// `getIamPolicy`), and group membership from the Directory API's `members.hasMember`, which
/// answers for nested groups too. Cloud Asset and Directory searches lag; these do not.
///
/// Nothing is cached: a binding or membership removed a second ago no longer counts.
/// ``projects(for:)`` is a listing, not a decision, and is answered by the listing source.
public struct AuthoritativeAnalyzer: PolicyAnalyzer {
    private let resourceManager: ResourceManagerClient
    private let directory: GroupDirectory
    private let listings: any PolicyAnalyzer
    private let scope: ResourceName

    /// Decides with `resourceManager` and `directory` within `scope`; lists projects with `listings`.
    public init(resourceManager: ResourceManagerClient, directory: GroupDirectory, listings: any PolicyAnalyzer, scope: ResourceName) {
        self.resourceManager = resourceManager
        self.directory = directory
        self.listings = listings
        self.scope = scope
    }

    public func projects(for user: UserId) async throws -> [ProjectId] {
        try await listings.projects(for: user)
    }

    public func bindings(for user: UserId, on project: ProjectId) async throws -> [ScopedBinding] {
        let policies = try await policiesUpToScope(of: project)
        let direct = UserPrincipals(user: user, groups: [])
        // Only the groups named by a conditional binding matter; ask about each once.
        var groups = Set<String>()
        for (_, policy) in policies {
            for binding in policy.bindings where binding.condition != nil && !direct.named(in: binding) {
                groups.formUnion(binding.principals.filter { $0.kind == .group }.map(\.identifier))
            }
        }
        let memberOf = try await withThrowingTaskGroup(of: (String, Bool).self) { tasks in
            for group in groups {
                tasks.addTask { (group, try await directory.hasMember(group: group, member: user.email)) }
            }
            var memberOf: [String] = []
            for try await (group, isMember) in tasks where isMember { memberOf.append(group) }
            return memberOf
        }
        return UserPrincipals(user: user, groups: memberOf).conditionalBindings(in: policies)
    }

    public func holders(of role: String, on project: ProjectId) async throws -> [RoleHolder] {
        var holders: [RoleHolder] = []
        for (resource, policy) in try await policiesUpToScope(of: project) {
            for binding in policy.bindings where binding.role == role && binding.condition != nil {
                let found = ScopedBinding(resource: resource, binding: binding)
                for principal in binding.principals {
                    switch principal.kind {
                    case .user:
                        if let user = UserId(principal.identifier) { holders.append(RoleHolder(user: user, binding: found)) }
                    case .group:
                        let members = try await directory.members(of: principal.identifier, limit: AssetInventoryCatalog.peersPerGroup)
                        holders += members.users.compactMap(UserId.init).map { RoleHolder(user: $0, binding: found) }
                    default:
                        continue
                    }
                }
            }
        }
        return holders
    }

    /// The policies of `project` and its ancestors up to and including the scope, the
    /// project's first, read concurrently. A project outside the scope does not exist here.
    private func policiesUpToScope(of project: ProjectId) async throws -> [(resource: ResourceName, policy: IAMPolicy)] {
        let ancestry = try await resourceManager.ancestry(of: project)
        guard let end = ancestry.firstIndex(of: scope) else {
            throw JITAccessError.notFound("The project '\(project)' is not in \(scope).")
        }
        let chain = Array(ancestry[...end])
        let policies = try await withThrowingTaskGroup(of: (Int, IAMPolicy).self) { tasks in
            for (position, resource) in chain.enumerated() {
                tasks.addTask { (position, try await resourceManager.policy(of: resource)) }
            }
            var policies = [IAMPolicy?](repeating: nil, count: chain.count)
            for try await (position, policy) in tasks { policies[position] = policy }
            return policies
        }
        return zip(chain, policies).compactMap { resource, policy in policy.map { (resource, $0) } }
    }
}
