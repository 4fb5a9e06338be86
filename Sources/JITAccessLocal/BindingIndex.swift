import JITAccessCore

/// Who is named by which conditional binding, and which of those bindings are eligible
/// bindings or activations.
///
/// Built from every resource's policy, then changed only by ``replace(_:with:of:)``, so that it
/// is always the index a fresh build from the current policies would give: no count is 0 and
/// no list or table is empty, since what drops to nothing is taken out.
struct BindingIndex: Sendable, Equatable {
    /// For each resource and principal, the positions of the conditional bindings naming it.
    private var conditional: [ResourceName: [Principal: [Int]]] = [:]
    /// For each principal, the resources where it holds an eligible binding, and how many.
    private var eligible: [Principal: [ResourceName: Int]] = [:]
    /// For each user principal, the end of each activation naming it, by project.
    private var activations: [Principal: [ProjectId: [Timestamp]]] = [:]
    /// The groups that directly contain a principal.
    private let containingGroups: [Principal: [Principal]]

    /// The direct members of each group.
    private let groupMembers: [Principal: [Principal]]

    /// Indexes `policies`, which name each resource once, with the group members of the file.
    init(groupMembers: [Principal: [Principal]], policies: some Sequence<(resource: ResourceName, policy: IAMPolicy?)>) {
        self.groupMembers = groupMembers
        var containingGroups: [Principal: [Principal]] = [:]
        for (group, members) in groupMembers {
            for member in Set(members) { containingGroups[member, default: []].append(group) }
        }
        self.containingGroups = containingGroups
        var classifier = BindingClassifier()
        for (resource, policy) in policies {
            conditional[resource] = tally(policy, of: resource, .joining, classifier: &classifier)
        }
    }

    /// Replaces `old`, the policy this index holds for `resource`, with `new`.
    ///
    /// The positions of `new`'s conditional bindings take the place of `old`'s; the counts of
    /// eligible bindings and the ends of activations lose `old`'s bindings and gain `new`'s.
    /// Positions are set, never counted, so the two tallies do not depend on each other's order.
    mutating func replace(_ old: IAMPolicy?, with new: IAMPolicy?, of resource: ResourceName) {
        var classifier = BindingClassifier()
        _ = tally(old, of: resource, .leaving, classifier: &classifier)
        conditional[resource] = tally(new, of: resource, .joining, classifier: &classifier)
    }

    /// The principals that stand for `user` in bindings: the user, their domain, and every
    /// group that contains them directly or through other groups.
    func principals(of user: UserId) -> [Principal] {
        var found: [Principal] = [user.principal, Principal(kind: .domain, identifier: String(user.domain))]
        var seen = Set(found)
        var index = 0
        while index < found.count {
            for group in containingGroups[found[index]] ?? [] where seen.insert(group).inserted {
                found.append(group)
            }
            index += 1
        }
        return found
    }

    /// The users among `members`, with groups expanded through nested groups.
    func users(among members: [Principal]) -> [UserId] {
        var users: [UserId] = []
        var seen = Set<Principal>()
        var pending = members
        while let member = pending.popLast() {
            guard seen.insert(member).inserted else { continue }
            switch member.kind {
            case .user:
                if let user = UserId(member.identifier) { users.append(user) }
            case .group:
                pending.append(contentsOf: groupMembers[member] ?? [])
            default:
                break
            }
        }
        return users.sorted()
    }

    /// The positions, in order, of the conditional bindings on `resource` naming any of `principals`.
    func positions(on resource: ResourceName, naming principals: [Principal]) -> [Int] {
        guard let index = conditional[resource] else { return [] }
        var positions = Set<Int>()
        for principal in principals { positions.formUnion(index[principal] ?? []) }
        return positions.sorted()
    }

    /// The resources where any of `principals` holds an eligible binding.
    func eligibleResources(for principals: [Principal]) -> Set<ResourceName> {
        var resources = Set<ResourceName>()
        for principal in principals { resources.formUnion(eligible[principal]?.keys ?? [:].keys) }
        return resources
    }

    /// The projects where `user` holds an activation that has not ended by `now`.
    func activeProjects(of user: UserId, now: Timestamp) -> [ProjectId] {
        (activations[user.principal] ?? [:]).compactMap { project, ends in ends.contains { $0 > now } ? project : nil }
    }

    /// Whether a policy's bindings join the index or leave it: each count moves by one.
    private enum Change {
        case joining
        case leaving
    }

    /// Moves the counts for the eligible bindings and activations of `policy` on `resource` by
    /// one in the direction of `change`, and returns where each principal is named among its
    /// conditional bindings (`nil` when nowhere).
    private mutating func tally(_ policy: IAMPolicy?, of resource: ResourceName, _ change: Change, classifier: inout BindingClassifier) -> [Principal: [Int]]? {
        var positions: [Principal: [Int]] = [:]
        for (position, binding) in (policy?.bindings ?? []).enumerated() where binding.condition != nil {
            let principals = Set(binding.principals)
            for principal in principals { positions[principal, default: []].append(position) }
            switch classifier.classify(binding.condition) {
            case .eligible:
                for principal in principals { countEligibility(of: principal, on: resource, change) }
            case .activation(let end):
                guard let project = resource.project else { break }
                for principal in principals where principal.kind == .user { countActivation(of: principal, on: project, ending: end, change) }
            case .other:
                break
            }
        }
        return positions.isEmpty ? nil : positions
    }

    private mutating func countEligibility(of principal: Principal, on resource: ResourceName, _ change: Change) {
        switch change {
        case .joining:
            eligible[principal, default: [:]][resource, default: 0] += 1
        case .leaving:
            eligible[principal]?[resource]? -= 1
            if eligible[principal]?[resource] == 0 { eligible[principal]?[resource] = nil }
            if eligible[principal]?.isEmpty == true { eligible[principal] = nil }
        }
    }

    private mutating func countActivation(of principal: Principal, on project: ProjectId, ending end: Timestamp, _ change: Change) {
        switch change {
        case .joining:
            activations[principal, default: [:]][project, default: []].append(end)
        case .leaving:
            guard let index = activations[principal]?[project]?.firstIndex(of: end) else { return }
            activations[principal]?[project]?.remove(at: index)
            if activations[principal]?[project]?.isEmpty == true { activations[principal]?[project] = nil }
            if activations[principal]?.isEmpty == true { activations[principal] = nil }
        }
    }
}
