import JITAccessCore

/// The organization, folders and projects of the embedded IAM and who is whose parent: what
/// an analysis scoped to a folder or the organization needs to know which projects it covers.
package struct ResourceHierarchy: Sendable {
    /// Every resource in the file.
    package let resources: Set<ResourceName>
    /// The parent of every folder and project.
    package let parents: [ResourceName: ResourceName]
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
        return ResourceHierarchy(resources: Set(structure.slots.keys), parents: structure.parents, version: version)
    }
}
