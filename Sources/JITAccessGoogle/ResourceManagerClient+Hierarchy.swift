import JITAccessCore

extension ResourceManagerClient {
    /// The projects that match `query` (Resource Manager's search syntax, such as `state:ACTIVE`
    /// or `parent:folders/123`; `parent:` matches direct children only) among those
    /// jitaccess's service account may `get`, through v3 `projects.search`, every page.
    public func searchProjects(query: String) async throws -> [ProjectSummary] {
        let pages = try await transport.allPages(of: "projects matching '\(query)'", maximumPages: maximumPages, url: { token in
            let parameters = [("query", query), ("pageSize", "\(searchPageSize)")] + (token.map { [("pageToken", $0)] } ?? [])
            return "\(baseURL)/v3/projects:search?\(QueryString.encode(parameters))"
        }, as: ProjectSearchResponse.self)
        return try pages.flatMap { $0.projects ?? [] }.map { project in
            guard let id = project.projectId.flatMap(ProjectId.init), let name = project.name, name.hasPrefix("projects/") else {
                throw JITAccessError.backend("Resource Manager listed a project without a valid projectId or name: \(project.projectId ?? "?") (\(project.name ?? "?")).")
            }
            return ProjectSummary(
                id: id, number: String(name.dropFirst("projects/".count)), parent: project.parent.flatMap { ResourceName(relativeName: $0) },
                isActive: project.state == "ACTIVE"
            )
        }
    }

    /// `project` and the folders and organization above it, the project first, through v1
    /// `projects.getAncestry`.
    ///
    /// Only decisions ask, about a project the catalog listed: a 403 (which Resource Manager
    /// answers both for a project that does not exist and for one the service account may not
    /// see) or a 404 is Google disagreeing with the listing, or a missing role, and fails the
    /// decision as a backend error naming Resource Manager, never as "not eligible".
    public func ancestry(of project: ProjectId) async throws -> [ResourceName] {
        let url = "\(baseURL)/v1/projects/\(QueryString.percentEncoded(project.id)):getAncestry"
        let answer = try await transport.post(url, body: [String: String](), as: AncestryResponse.self)
        return try (answer.ancestor ?? []).map { ancestor in
            guard let id = ancestor.resourceId?.id, let kind = ancestor.resourceId?.type.flatMap({ Self.kinds[$0] }),
                  let resource = ResourceName(relativeName: "\(kind.rawValue)/\(id)")
            else {
                throw JITAccessError.backend("Resource Manager named an ancestor of \(project) that is no project, folder or organization: \(ancestor.resourceId?.type ?? "?")/\(ancestor.resourceId?.id ?? "?").")
            }
            return resource
        }
    }

    /// The kinds of resource v1 names by `type`.
    private static let kinds: [String: ResourceName.Kind] = ["project": .project, "folder": .folder, "organization": .organization]

    /// `SearchProjectsResponse`, the fields jitaccess reads.
    private struct ProjectSearchResponse: GooglePage {
        struct Project: Decodable {
            let name: String?
            let projectId: String?
            let parent: String?
            let state: String?
        }
        let projects: [Project]?
        let nextPageToken: String?
    }

    /// v1 `GetAncestryResponse`.
    private struct AncestryResponse: Decodable {
        struct Ancestor: Decodable {
            struct ResourceId: Decodable {
                let type: String?
                let id: String?
            }
            let resourceId: ResourceId?
        }
        let ancestor: [Ancestor]?
    }
}
