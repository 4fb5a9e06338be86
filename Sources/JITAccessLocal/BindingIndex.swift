import JITAccessCore

/// Who is named by which conditional binding, and which of those bindings are eligible
/// bindings or activations.
struct BindingIndex: Sendable {
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

    init(groupMembers: [Principal: [Principal]]) {
        self.groupMembers = groupMembers
        var containingGroups: [Principal: [Principal]] = [:]
        for (group, members) in groupMembers {
            for member in Set(members) { containingGroups[member, default: []].append(group) }
        }
        self.containingGroups = containingGroups
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

    mutating func add(_ policy: IAMPolicy?, of resource: ResourceName, classifier: inout BindingClassifier) {
        update(policy, of: resource, by: 1, classifier: &classifier)
    }

    mutating func remove(_ policy: IAMPolicy?, of resource: ResourceName, classifier: inout BindingClassifier) {
        update(policy, of: resource, by: -1, classifier: &classifier)
    }

    /// Adds (`change` 1) or takes away (`change` -1) what the bindings of `policy` contribute.
    private mutating func update(_ policy: IAMPolicy?, of resource: ResourceName, by change: Int, classifier: inout BindingClassifier) {
        conditional[resource] = nil
        var byPrincipal: [Principal: [Int]] = [:]
        for (position, binding) in (policy?.bindings ?? []).enumerated() where binding.condition != nil {
            let principals = Set(binding.principals)
            for principal in principals { byPrincipal[principal, default: []].append(position) }
            switch classifier.classify(binding.condition) {
            case .eligible:
                for principal in principals {
                    eligible[principal, default: [:]][resource, default: 0] += change
                    if eligible[principal]?[resource] == 0 { eligible[principal]?[resource] = nil }
                }
            case .activation(let end):
                guard let project = resource.project else { break }
                for principal in principals where principal.kind == .user {
                    if change > 0 {
                        activations[principal, default: [:]][project, default: []].append(end)
                    } else if let index = activations[principal]?[project]?.firstIndex(of: end) {
                        activations[principal]?[project]?.remove(at: index)
                        if activations[principal]?[project]?.isEmpty == true { activations[principal]?[project] = nil }
                    }
                }
            case .other:
                break
            }
        }
        if change > 0, !byPrincipal.isEmpty { conditional[resource] = byPrincipal }
    }
}

/// Classifies binding conditions, remembering each distinct condition: large policies repeat
/// the same few eligibility conditions many times.
struct BindingClassifier {
    enum Kind {
        case eligible
        case activation(end: Timestamp)
        case other
    }

    /// What classification depends on: activations are recognised by title and expression.
    private struct Key: Hashable {
        let title: String?
        let expression: String
    }

    private var known: [Key: Kind] = [:]

    mutating func classify(_ condition: IAMCondition?) -> Kind {
        guard let condition else { return .other }
        let key = Key(title: condition.title, expression: condition.expression)
        if let kind = known[key] { return kind }
        let kind: Kind = if EligibilityCondition(condition) != nil {
            .eligible
        } else if let activation = ActivationCondition(condition) {
            .activation(end: activation.window.end)
        } else {
            .other
        }
        known[key] = kind
        return kind
    }
}
