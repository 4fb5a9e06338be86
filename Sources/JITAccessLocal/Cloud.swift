import JITAccessCore

/// One version of the cloud file, validated and indexed so that the analyzer's questions cost
/// a few dictionary lookups instead of a scan of every binding.
final class Cloud: Sendable {
    let document: CloudDocument
    private let structure: CloudStructure
    /// Each resource followed by its ancestors, up to the organization.
    private let ancestry: [ResourceName: [ResourceName]]
    /// The projects at or below each resource.
    private let projectsBelow: [ResourceName: [ProjectId]]
    /// For each resource and principal, the positions of the conditional bindings naming it.
    private let conditionalBindings: [ResourceName: [Principal: [Int]]]
    /// The resources where a principal holds an eligible binding.
    private let eligibleResources: [Principal: Set<ResourceName>]
    /// The activations naming a user, by user principal.
    private let activations: [Principal: [(project: ProjectId, end: Timestamp)]]
    /// The groups that directly contain a principal.
    private let containingGroups: [Principal: [Principal]]

    /// Validates `document` and indexes it; throws the first problem found.
    init(_ document: CloudDocument, file: String) throws(EmbeddedIAMError) {
        let structure = try CloudValidation(document: document, file: file).validate()
        self.document = document
        self.structure = structure

        var ancestry: [ResourceName: [ResourceName]] = [:]
        var projectsBelow: [ResourceName: [ProjectId]] = [:]
        for resource in structure.slots.keys {
            var chain = [resource]
            while let parent = structure.parents[chain[chain.count - 1]] { chain.append(parent) }
            ancestry[resource] = chain
            if let project = resource.project {
                for ancestor in chain { projectsBelow[ancestor, default: []].append(project) }
            }
        }
        self.ancestry = ancestry
        self.projectsBelow = projectsBelow

        var classifier = BindingClassifier()
        var conditionalBindings: [ResourceName: [Principal: [Int]]] = [:]
        var eligibleResources: [Principal: Set<ResourceName>] = [:]
        var activations: [Principal: [(project: ProjectId, end: Timestamp)]] = [:]
        for (resource, slot) in structure.slots {
            let bindings = document.entry(slot)?.policy?.bindings ?? []
            var byPrincipal: [Principal: [Int]] = [:]
            for (position, binding) in bindings.enumerated() where binding.condition != nil {
                let principals = Set(binding.principals)
                for principal in principals { byPrincipal[principal, default: []].append(position) }
                switch classifier.classify(binding.condition) {
                case .eligible:
                    for principal in principals { eligibleResources[principal, default: []].insert(resource) }
                case .activation(let end):
                    guard let project = resource.project else { break }
                    for principal in principals where principal.kind == .user {
                        activations[principal, default: []].append((project, end))
                    }
                case .other:
                    break
                }
            }
            if !byPrincipal.isEmpty { conditionalBindings[resource] = byPrincipal }
        }
        self.conditionalBindings = conditionalBindings
        self.eligibleResources = eligibleResources
        self.activations = activations

        var containingGroups: [Principal: [Principal]] = [:]
        for (group, members) in structure.groupMembers {
            for member in Set(members) { containingGroups[member, default: []].append(group) }
        }
        self.containingGroups = containingGroups
    }

    /// Where the entry of `resource` is, if the file has it.
    func slot(of resource: ResourceName) -> ResourceSlot? {
        structure.slots[resource]
    }

    /// The stored policy of `resource` (empty when the file has none), or `nil` for an
    /// unknown resource. The etag is the stored one, or one derived from the content.
    func policy(of resource: ResourceName) -> IAMPolicy? {
        guard let slot = structure.slots[resource] else { return nil }
        var policy = document.entry(slot)?.policy ?? IAMPolicy(version: 1)
        if policy.etag == nil { policy.etag = Etag.derived(from: policy) }
        return policy
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

    /// Every conditional binding on `project` and its ancestors naming one of the user's
    /// principals, the project's first; `nil` for an unknown project.
    func bindings(for user: UserId, on project: ProjectId) -> [ScopedBinding]? {
        guard let chain = ancestry[ResourceName(project)] else { return nil }
        let principals = principals(of: user)
        var result: [ScopedBinding] = []
        for resource in chain {
            guard let index = conditionalBindings[resource], let slot = structure.slots[resource],
                  let bindings = document.entry(slot)?.policy?.bindings
            else { continue }
            var positions = Set<Int>()
            for principal in principals { positions.formUnion(index[principal] ?? []) }
            for position in positions.sorted() {
                result.append(ScopedBinding(resource: resource, binding: bindings[position]))
            }
        }
        return result
    }

    /// The projects where `user` holds an eligible binding on the project or an ancestor, or
    /// an activation that has not ended by `now`; sorted.
    func projects(for user: UserId, now: Timestamp) -> [ProjectId] {
        var found = Set<ProjectId>()
        for principal in principals(of: user) {
            for resource in eligibleResources[principal] ?? [] {
                found.formUnion(projectsBelow[resource] ?? [])
            }
        }
        for activation in activations[user.principal] ?? [] where activation.end > now {
            found.insert(activation.project)
        }
        return found.sorted()
    }
}

/// Classifies binding conditions, remembering each distinct condition: large policies repeat
/// the same few eligibility conditions many times.
private struct BindingClassifier {
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
