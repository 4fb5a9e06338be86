import JITAccessCore

/// Checks a decoded cloud file against everything the file format promises, stopping at the
/// first problem with an error that names its key path and says how to fix it.
struct CloudValidation {
    let document: CloudDocument
    let file: String
    private var validRoles: Set<String> = []
    private var validMembers: Set<String> = []

    init(document: CloudDocument, file: String) {
        self.document = document
        self.file = file
    }

    mutating func validate() throws(EmbeddedIAMError) -> CloudStructure {
        var structure = CloudStructure()
        try checkResources(into: &structure)
        try checkParents(in: &structure)
        try checkFolderCycles(structure)
        let slots = [ResourceSlot.organization] + document.folders.indices.map(ResourceSlot.folder) + document.projects.indices.map(ResourceSlot.project)
        for slot in slots {
            try checkPolicy(document.entry(slot)?.policy, at: "\(slot.keyPath).policy")
        }
        try checkGroups(into: &structure)
        return structure
    }

    private func fail(_ key: String, _ message: String) -> EmbeddedIAMError {
        .at(file, key: key, message)
    }

    // MARK: - Resources

    private func checkResources(into structure: inout CloudStructure) throws(EmbeddedIAMError) {
        guard let organization = document.organization else {
            throw fail("organization", "is missing; the file needs an organization such as {\"id\": \"100000000001\", \"displayName\": \"example.com\"}")
        }
        try register(organization.id, as: .organization, slot: .organization, into: &structure)
        if organization.parent != nil {
            throw fail("organization.parent", "an organization has no parent; remove this field")
        }
        for (index, folder) in document.folders.enumerated() {
            try register(folder.id, as: .folder, slot: .folder(index), into: &structure)
        }
        var numbers: [String: Int] = [:]
        for (index, project) in document.projects.enumerated() {
            try register(project.id, as: .project, slot: .project(index), into: &structure)
            guard let number = project.number else { continue }
            guard !number.isEmpty, number.utf8.count <= 32, number.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                throw fail("projects[\(index)].number", "'\(number)' is not a project number; write digits only, such as \"300000000001\"")
            }
            if let earlier = numbers[number] {
                throw fail("projects[\(index)].number", "project number \(number) is also used by projects[\(earlier)]; project numbers must be unique")
            }
            numbers[number] = index
        }
    }

    private func register(_ id: String, as kind: ResourceName.Kind, slot: ResourceSlot, into structure: inout CloudStructure) throws(EmbeddedIAMError) {
        let key = "\(slot.keyPath).id"
        guard let resource = ResourceName(relativeName: "\(kind.rawValue)/\(id)") else {
            switch kind {
            case .project:
                throw fail(key, "'\(id)' is not a valid project id; use 6 to 30 lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen")
            case .folder, .organization:
                throw fail(key, "'\(id)' is not a valid \(kind == .folder ? "folder" : "organization") id; write digits only, such as \"\(kind == .folder ? "200000000001" : "100000000001")\"")
            }
        }
        if let earlier = structure.slots[resource] {
            throw fail(key, "\(resource) is listed twice, also at \(earlier.keyPath); ids must be unique")
        }
        structure.slots[resource] = slot
    }

    private func checkParents(in structure: inout CloudStructure) throws(EmbeddedIAMError) {
        let children = document.folders.indices.map(ResourceSlot.folder) + document.projects.indices.map(ResourceSlot.project)
        for slot in children {
            guard let entry = document.entry(slot) else { continue }
            let key = "\(slot.keyPath).parent"
            guard let text = entry.parent else {
                throw fail(key, "is missing; write the parent as \"organizations/ID\" or \"folders/ID\"")
            }
            guard let parent = ResourceName(relativeName: text), parent.kind != .project else {
                throw fail(key, "'\(text)' is not a parent; write \"organizations/ID\" or \"folders/ID\"")
            }
            guard structure.slots[parent] != nil else {
                let kind = parent.kind == .folder ? "folder" : "organization"
                throw fail(key, "\(kind) '\(text)' does not exist; add it to the file or fix the parent")
            }
            let kind: ResourceName.Kind = if case .folder = slot { .folder } else { .project }
            structure.parents[ResourceName(kind: kind, id: entry.id)] = parent
        }
    }

    private func checkFolderCycles(_ structure: CloudStructure) throws(EmbeddedIAMError) {
        var acyclic: Set<ResourceName> = []
        for index in document.folders.indices {
            var path: [ResourceName] = []
            var current: ResourceName? = ResourceName(kind: .folder, id: document.folders[index].id)
            while let folder = current, folder.kind == .folder, !acyclic.contains(folder) {
                if let start = path.firstIndex(of: folder) {
                    let cycle = (path[start...] + [folder]).map(\.relativeName).joined(separator: " -> ")
                    throw fail("folders[\(index)].parent", "folders are each other's parents in a cycle: \(cycle); one of them must have the organization or another folder as parent")
                }
                path.append(folder)
                current = structure.parents[folder]
            }
            acyclic.formUnion(path)
        }
    }

    // MARK: - Policies

    /// Checks roles, members and conditions of one policy; `key` is where it sits in the file.
    mutating func checkPolicy(_ policy: IAMPolicy?, at key: String) throws(EmbeddedIAMError) {
        guard let policy else { return }
        for (index, binding) in policy.bindings.enumerated() {
            if let (field, message) = problem(with: binding) {
                throw fail("\(key).bindings[\(index)]\(field)", message)
            }
        }
    }

    /// What is wrong with a binding: the field, such as `.members[2]`, and the problem. Roles
    /// and members already found valid are not checked again: large policies repeat them.
    private mutating func problem(with binding: IAMBinding) -> (field: String, message: String)? {
        if !validRoles.contains(binding.role) {
            guard EntitlementId.isRole(binding.role) else {
                return (".role", "'\(binding.role)' is not a role; write roles/NAME, projects/ID/roles/NAME or organizations/ID/roles/NAME")
            }
            validRoles.insert(binding.role)
        }
        if binding.members.isEmpty {
            return (".members", "a binding needs at least one member; remove the binding or add a member such as \"user:alice@example.com\"")
        }
        for (position, member) in binding.members.enumerated() where !validMembers.contains(member) {
            if let problem = MemberSyntax.problem(with: member, inGroup: false) {
                return (".members[\(position)]", problem)
            }
            validMembers.insert(member)
        }
        if let condition = binding.condition, condition.expression.allSatisfy(\.isWhitespace) {
            return (".condition.expression", "is empty; a condition needs an expression, or remove the condition")
        }
        return nil
    }

    // MARK: - Groups

    private func checkGroups(into structure: inout CloudStructure) throws(EmbeddedIAMError) {
        var indexes: [Principal: Int] = [:]
        for (index, group) in document.groups.enumerated() {
            guard let email = UserId(group.email) else {
                throw fail("groups[\(index)].email", "'\(group.email)' is not an e-mail address")
            }
            let principal = Principal(kind: .group, identifier: email.email)
            if let earlier = indexes[principal] {
                throw fail("groups[\(index)].email", "group \(email) is listed twice, also at groups[\(earlier)]; merge their members")
            }
            indexes[principal] = index
            var members: [Principal] = []
            for (position, member) in group.members.enumerated() {
                if let problem = MemberSyntax.problem(with: member, inGroup: true) {
                    throw fail("groups[\(index)].members[\(position)]", problem)
                }
                if let parsed = Principal(member: member) { members.append(parsed) }
            }
            structure.groupMembers[principal] = members
        }
        try checkGroupCycles(structure.groupMembers, indexes: indexes)
    }

    /// A depth-first search over groups that contain groups; a group met again on the current
    /// path closes a cycle.
    private func checkGroupCycles(_ members: [Principal: [Principal]], indexes: [Principal: Int]) throws(EmbeddedIAMError) {
        var finished: Set<Principal> = []
        var path: [Principal] = []

        func visit(_ group: Principal) throws(EmbeddedIAMError) {
            if finished.contains(group) { return }
            if let start = path.firstIndex(of: group) {
                let cycle = (path[start...] + [group]).map(\.member).joined(separator: " -> ")
                let first = path[start...].min { (indexes[$0] ?? 0) < (indexes[$1] ?? 0) } ?? group
                throw fail("groups[\(indexes[first] ?? 0)].members", "groups contain each other in a cycle: \(cycle); remove one of these memberships")
            }
            path.append(group)
            for member in members[group] ?? [] where member.kind == .group && members[member] != nil {
                try visit(member)
            }
            path.removeLast()
            finished.insert(group)
        }

        for group in document.groups.compactMap({ UserId($0.email) }) {
            try visit(Principal(kind: .group, identifier: group.email))
        }
    }
}
