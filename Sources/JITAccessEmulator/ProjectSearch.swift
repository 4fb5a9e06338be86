import JITAccessCore
import JITAccessLocal

/// Resource Manager v3's `projects.search` on the embedded IAM, whose service account may see
/// every project of the file.
///
/// The query is terms separated by spaces, all of which must match (the documentation says
/// terms on different fields are ORed; jitaccess filters client-side, so the stricter reading
/// is fine): `state:ACTIVE` (or `lifecycleState:`), `parent:folders/N` or
/// `parent:organizations/N` (the direct parent only), `parent.type:folder`, `parent.id:N`, and
/// `id:` or `projectId:`. Values compare case-insensitively; a trailing `*` matches any suffix.
/// Every emulated project is `ACTIVE`.
struct ProjectSearch {
    /// The emulator's page size cap; the documentation names none.
    static let maximumPageSize = 1000
    static let defaultPageSize = 50
    static let parameters: Set<String> = ["query", "pageSize", "pageToken"]
    static let fields: Set<String> = ["state", "lifecycleState", "parent", "parent.type", "parent.id", "id", "projectId"]

    let hierarchy: ResourceHierarchy

    /// The `SearchProjectsResponse` for the request's `parameters`.
    func response(parameters: QueryParameters) throws(GoogleAPIError) -> JSONValue {
        try parameters.check(known: Self.parameters)
        let terms = try Self.terms(parameters.value("query") ?? "")
        let pageSize = try parameters.integer("pageSize") ?? 0
        guard pageSize >= 0 else { throw .invalidArgument("pageSize must not be negative, not \(pageSize).") }
        let projects = hierarchy.resources.filter { resource in
            resource.kind == .project && terms.allSatisfy { matches(resource, field: $0.field, pattern: $0.value) }
        }.sorted()
        let page = try PageToken.page(
            of: projects, token: parameters.value("pageToken"),
            pageSize: pageSize == 0 ? Self.defaultPageSize : min(pageSize, Self.maximumPageSize), request: parameters.value("query") ?? ""
        )
        var response: [String: JSONValue] = [:]
        if !page.items.isEmpty { response["projects"] = .array(page.items.map(project)) }
        if let next = page.next { response["nextPageToken"] = .string(next) }
        return .object(response)
    }

    /// A `Project` as v3 describes it.
    private func project(_ resource: ResourceName) -> JSONValue {
        var fields: [String: JSONValue] = ["projectId": .string(resource.id), "state": .string("ACTIVE")]
        if let project = resource.project, let number = hierarchy.numbers[project] { fields["name"] = .string("projects/\(number)") }
        if let parent = hierarchy.parents[resource] { fields["parent"] = .string(parent.relativeName) }
        return .object(fields)
    }

    /// The `field:value` terms of `query`.
    private static func terms(_ query: String) throws(GoogleAPIError) -> [(field: String, value: String)] {
        try query.split(whereSeparator: \.isWhitespace).map { term throws(GoogleAPIError) in
            guard let colon = term.firstIndex(where: { $0 == ":" || $0 == "=" }), colon != term.startIndex else {
                throw .invalidArgument("Invalid query term '\(term)': write FIELD:VALUE, such as state:ACTIVE or parent:folders/123.")
            }
            let field = String(term[..<colon])
            guard fields.contains(field) else {
                throw .invalidArgument("Invalid query term '\(term)': the emulator searches \(fields.sorted().joined(separator: ", ")) only.")
            }
            return (field, String(term[term.index(after: colon)...]))
        }
    }

    private func matches(_ project: ResourceName, field: String, pattern: String) -> Bool {
        let parent = hierarchy.parents[project]
        let value: String? = switch field {
        case "state", "lifecycleState": "ACTIVE"
        case "parent": parent?.relativeName
        case "parent.type": parent.map { $0.kind == .folder ? "folder" : "organization" }
        case "parent.id": parent?.id
        default: project.id
        }
        guard let value = value?.lowercased() else { return false }
        let wanted = pattern.lowercased()
        return wanted.hasSuffix("*") ? value.hasPrefix(wanted.dropLast()) : value == wanted
    }
}
