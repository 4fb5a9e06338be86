import JITAccessCore

/// The cloud file as written on disk: one organization, its folders and projects, groups, and an
/// IAM policy per resource.
///
/// The file is plain JSON, meant to be read and edited by people:
///
/// ```json
/// {
///   "organization": {"id": "100000000001", "displayName": "example.com",
///                    "policy": {"version": 3, "etag": "BwX...", "bindings": [...]}},
///   "folders":  [{"id": "200000000001", "displayName": "Production",
///                 "parent": "organizations/100000000001", "policy": {...}}],
///   "projects": [{"id": "prod-db", "number": "300000000001",
///                 "parent": "folders/200000000001", "policy": {...}}],
///   "groups":   [{"email": "dbas@example.com",
///                 "members": ["user:alice@example.com", "group:oncall@example.com"]}]
/// }
/// ```
///
/// - `organization.id` and folder ids are numbers written as strings; project ids follow Google's
///   project id syntax (6 to 30 lower-case letters, digits and hyphens); a project's `number`
///   is optional.
/// - `parent` is `organizations/ID` or `folders/ID` and must name a resource in the same file;
///   folders may nest but not in a cycle.
/// - `policy` is an IAM policy exactly as Resource Manager's `getIamPolicy` returns it; a missing
///   policy is an empty one. Members are `user:EMAIL`, `group:EMAIL`, `serviceAccount:EMAIL`,
///   `domain:NAME` (or Google's other member kinds); roles are `roles/NAME`,
///   `projects/ID/roles/NAME` or `organizations/ID/roles/NAME`; a `condition` needs an
///   `expression`.
/// - `etag` changes with every write jitaccess makes. A policy without one gets an etag derived
///   from its content. When editing a policy by hand while jitaccess runs, delete its `etag`
///   so that a concurrent write based on the old policy fails instead of undoing the edit.
/// - Groups hold `user:`, `serviceAccount:` and `group:` members; groups may contain groups, but
///   not in a cycle. A group that is not listed has no members.
/// - Fields jitaccess does not know are kept when it writes the file, as are policies it does
///   not write. It writes the file indented by two spaces, with fields in a fixed order
///   (unknown ones last, alphabetically); the formatting of a hand-written file is not kept.
package struct CloudDocument: Sendable, Codable {
    var organization: ResourceEntry?
    package var folders: [ResourceEntry]
    package var projects: [ResourceEntry]
    var groups: [GroupEntry]

    init(organization: ResourceEntry?, folders: [ResourceEntry], projects: [ResourceEntry], groups: [GroupEntry]) {
        self.organization = organization
        self.folders = folders
        self.projects = projects
        self.groups = groups
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        organization = try container.decodeIfPresent(ResourceEntry.self, forKey: .organization)
        folders = try container.decodeIfPresent([ResourceEntry].self, forKey: .folders) ?? []
        projects = try container.decodeIfPresent([ResourceEntry].self, forKey: .projects) ?? []
        groups = try container.decodeIfPresent([GroupEntry].self, forKey: .groups) ?? []
    }
}

extension CloudDocument {
    /// The entry at `slot`, if the document has one there.
    package func entry(_ slot: ResourceSlot) -> ResourceEntry? {
        switch slot {
        case .organization: organization
        case .folder(let index): folders.indices.contains(index) ? folders[index] : nil
        case .project(let index): projects.indices.contains(index) ? projects[index] : nil
        }
    }

    /// Replaces the policy of the entry at `slot`.
    mutating func setPolicy(_ policy: IAMPolicy, at slot: ResourceSlot) {
        switch slot {
        case .organization: organization?.policy = policy
        case .folder(let index): folders[index].policy = policy
        case .project(let index): projects[index].policy = policy
        }
    }
}
