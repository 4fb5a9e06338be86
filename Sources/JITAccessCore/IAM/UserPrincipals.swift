/// Everything a user is in IAM's eyes: the user, their domain, and every group that holds
/// them, directly or through nested groups.
///
/// Member kinds that count: `user:` (the same address, compared case-insensitively),
/// `group:` (any of ``groups``) and `domain:` (the user's domain). Nothing else names a
/// person who signs in to jitaccess: `serviceAccount:` is not a user, `deleted:` members are
/// principals that no longer exist (IAM keeps them until the binding is edited, and they
/// grant nothing), and `principalSet://`/`principal://` name workforce or workload identity
/// pools, whose members sign in through federation rather than with the Google account that
/// IAP vouches for.
public struct UserPrincipals: Sendable, Equatable {
    public let user: UserId
    /// The groups holding the user, as `group:` principals.
    public let groups: Set<Principal>

    /// The principals of `user`, a member of `groups` (e-mail addresses, any case).
    public init(user: UserId, groups: some Sequence<String>) {
        self.user = user
        self.groups = Set(groups.map { Principal(kind: .group, identifier: $0) })
    }

    /// Whether `binding` names the user, their domain or one of their groups.
    public func named(in binding: IAMBinding) -> Bool {
        binding.principals.contains { principal in
            switch principal.kind {
            case .user: principal == user.principal
            case .domain: principal.identifier == user.domain.lowercased()
            case .group: groups.contains(principal)
            default: false
            }
        }
    }

    /// The bindings with a condition among `policies` (each on its resource) that name the
    /// user, in the order given: what ``PolicyAnalyzer/bindings(for:on:)`` answers.
    public func conditionalBindings(in policies: [(resource: ResourceName, policy: IAMPolicy)]) -> [ScopedBinding] {
        policies.flatMap { resource, policy in
            policy.bindings.filter { $0.condition != nil && named(in: $0) }.map { ScopedBinding(resource: resource, binding: $0) }
        }
    }
}
