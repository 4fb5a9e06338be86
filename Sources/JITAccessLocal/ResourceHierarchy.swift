import JITAccessCore

/// The organization, folders and projects of the embedded IAM and who is whose parent: what
/// an analysis scoped to a folder or the organization needs to know which projects it covers.
package struct ResourceHierarchy: Sendable {
    /// Every resource in the file.
    package let resources: Set<ResourceName>
    /// The parent of every folder and project.
    package let parents: [ResourceName: ResourceName]
    /// The number of every project: the file's, or for a project without one a number derived
    /// from its id, so that it stays the same from one run to the next.
    package let numbers: [ProjectId: String]
    /// The version of the file this was read from, so that an unchanged file is not read again.
    let version: FileVersion

    /// Whether `resource` is `scope` or lies below it.
    package func contains(_ resource: ResourceName, within scope: ResourceName) -> Bool {
        var current: ResourceName? = resource
        while let name = current {
            if name == scope { return true }
            current = parents[name]
        }
        return false
    }

    /// `resource` and the resources above it, `resource` first, up to the organization.
    package func ancestry(of resource: ResourceName) -> [ResourceName] {
        var chain: [ResourceName] = []
        var current: ResourceName? = resource
        while let name = current, !chain.contains(name) {
            chain.append(name)
            current = parents[name]
        }
        return chain
    }

    /// The projects at or below `scope`, sorted; empty for a resource the file does not have.
    package func projects(under scope: ResourceName) -> [ProjectId] {
        resources.compactMap { resource in resource.project.flatMap { contains(resource, within: scope) ? $0 : nil } }.sorted()
    }
}

extension EmbeddedIAM {
    /// The hierarchy in the file now; `previous` is returned as it is when the file has not
    /// changed since it was read, which costs one `stat`. Throws ``EmbeddedIAMError`` when the
    /// file cannot be read or is invalid.
    package func hierarchy(reusing previous: ResourceHierarchy? = nil) throws(EmbeddedIAMError) -> ResourceHierarchy {
        if let previous, try CloudFile.version(of: path) == previous.version {
            return previous
        }
        let (version, bytes) = try CloudFile.readAll(path)
        var validation = CloudValidation(document: try CloudDocument.decode(bytes, file: path), file: path)
        let structure = try validation.validate()
        return ResourceHierarchy(
            resources: Set(structure.slots.keys), parents: structure.parents, numbers: Self.projectNumbers(validation.document.projects), version: version
        )
    }

    /// The number of every project in `projects`; one without a number gets twelve digits from
    /// an FNV-1a hash of its id (starting with 9, which Google's numbers seldom do), moved on
    /// past any number already taken.
    private static func projectNumbers(_ projects: [ResourceEntry]) -> [ProjectId: String] {
        var numbers: [ProjectId: String] = [:]
        var taken = Set(projects.compactMap(\.number))
        for project in projects {
            guard let id = ProjectId(project.id) else { continue }
            if let number = project.number {
                numbers[id] = number
                continue
            }
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in project.id.utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
            var candidate = 900_000_000_000 + hash % 100_000_000_000
            while taken.contains(String(candidate)) { candidate += 1 }
            taken.insert(String(candidate))
            numbers[id] = String(candidate)
        }
        return numbers
    }
}
