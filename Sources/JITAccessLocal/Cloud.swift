import JITAccessCore

/// One version of the cloud file, validated and indexed so that the analyzer's questions cost
/// a few dictionary lookups instead of a scan of every binding.
package final class Cloud: Sendable {
    let document: CloudDocument
    private let file: String
    private let structure: CloudStructure
    /// Each resource followed by its ancestors, up to the organization.
    private let ancestry: [ResourceName: [ResourceName]]
    /// Every project of the file, sorted.
    private let projectOrder: [ProjectId]
    /// The projects at or below each resource, as positions in ``projectOrder``.
    private let projectsBelow: [ResourceName: [Int]]
    private let bindings: BindingIndex

    /// Validates `document` and indexes it; throws the first problem found.
    package convenience init(_ document: CloudDocument, file: String) throws(EmbeddedIAMError) {
        var validation = CloudValidation(document: document, file: file)
        let structure = try validation.validate()
        var ancestry: [ResourceName: [ResourceName]] = [:]
        for resource in structure.slots.keys {
            var chain = [resource]
            while let parent = structure.parents[chain[chain.count - 1]] { chain.append(parent) }
            ancestry[resource] = chain
        }
        let projectOrder = structure.slots.keys.compactMap(\.project).sorted()
        var projectsBelow: [ResourceName: [Int]] = [:]
        for (position, project) in projectOrder.enumerated() {
            for ancestor in ancestry[ResourceName(project)] ?? [] { projectsBelow[ancestor, default: []].append(position) }
        }
        let bindings = BindingIndex(
            groupMembers: structure.groupMembers,
            policies: structure.slots.lazy.map { (resource: $0.key, policy: document.entry($0.value)?.policy) }
        )
        self.init(document: document, file: file, structure: structure, ancestry: ancestry, projectOrder: projectOrder, projectsBelow: projectsBelow, bindings: bindings)
    }

    private init(
        document: CloudDocument, file: String, structure: CloudStructure, ancestry: [ResourceName: [ResourceName]],
        projectOrder: [ProjectId], projectsBelow: [ResourceName: [Int]], bindings: BindingIndex
    ) {
        self.document = document
        self.file = file
        self.structure = structure
        self.ancestry = ancestry
        self.projectOrder = projectOrder
        self.projectsBelow = projectsBelow
        self.bindings = bindings
    }

    /// This cloud with the policy of `resource` replaced: only the new policy is validated and
    /// only its bindings are indexed again, so a write costs the size of one policy.
    func replacingPolicy(at slot: ResourceSlot, of resource: ResourceName, with policy: IAMPolicy) throws(EmbeddedIAMError) -> Cloud {
        var validation = CloudValidation(document: document, file: file)
        try validation.checkPolicy(policy, at: "\(slot.keyPath).policy")
        var document = document
        var bindings = bindings
        bindings.replace(self.document.entry(slot)?.policy, with: policy, of: resource)
        document.setPolicy(policy, at: slot)
        return Cloud(document: document, file: file, structure: structure, ancestry: ancestry, projectOrder: projectOrder, projectsBelow: projectsBelow, bindings: bindings)
    }

    /// This cloud with the policy another version of the file holds, or `nil` when the slot is
    /// not in this cloud or the policy is not valid (then the whole file must be read to
    /// report the problem as a fresh load would).
    func applying(_ change: PolicyChange) -> Cloud? {
        guard let entry = document.entry(change.slot) else { return nil }
        let kind: ResourceName.Kind = switch change.slot {
        case .organization: .organization
        case .folder: .folder
        case .project: .project
        }
        let resource = ResourceName(kind: kind, id: entry.id)
        guard structure.slots[resource] == change.slot else { return nil }
        return try? replacingPolicy(at: change.slot, of: resource, with: change.policy)
    }

    /// The direct members of every listed group, keyed by the group.
    var groupMembers: [Principal: [Principal]] {
        structure.groupMembers
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

    /// Every conditional binding on `project` and its ancestors naming one of the user's
    /// principals, the project's first; `nil` for an unknown project.
    func bindings(for user: UserId, on project: ProjectId) -> [ScopedBinding]? {
        guard let chain = ancestry[ResourceName(project)] else { return nil }
        let principals = bindings.principals(of: user)
        var result: [ScopedBinding] = []
        for resource in chain {
            guard let slot = structure.slots[resource], let policy = document.entry(slot)?.policy else { continue }
            for position in bindings.positions(on: resource, naming: principals) {
                result.append(ScopedBinding(resource: resource, binding: policy.bindings[position]))
            }
        }
        return result
    }

    /// Every user holding a conditional binding for `role` on `project` or an ancestor, groups
    /// expanded; `nil` for an unknown project.
    func holders(of role: String, on project: ProjectId) -> [RoleHolder]? {
        guard let chain = ancestry[ResourceName(project)] else { return nil }
        var holders: [RoleHolder] = []
        for resource in chain {
            guard let slot = structure.slots[resource], let policy = document.entry(slot)?.policy else { continue }
            for binding in policy.bindings where binding.role == role && binding.condition != nil {
                let scoped = ScopedBinding(resource: resource, binding: binding)
                holders += bindings.users(among: binding.principals).map { RoleHolder(user: $0, binding: scoped) }
            }
        }
        return holders
    }

    /// The projects where `user` holds an eligible binding on the project or an ancestor, or
    /// an activation that has not ended by `now`; sorted.
    ///
    /// A user eligible on a folder or the organization has thousands of projects: they are
    /// marked by position in the sorted list of all projects, so neither hashing nor sorting
    /// grows with the answer.
    func projects(for user: UserId, now: Timestamp) -> [ProjectId] {
        var marked = [Bool](repeating: false, count: projectOrder.count)
        for resource in bindings.eligibleResources(for: bindings.principals(of: user)) {
            for position in projectsBelow[resource] ?? [] { marked[position] = true }
        }
        for project in bindings.activeProjects(of: user, now: now) {
            for position in projectsBelow[ResourceName(project)] ?? [] { marked[position] = true }
        }
        return marked.indices.compactMap { marked[$0] ? projectOrder[$0] : nil }
    }
}
