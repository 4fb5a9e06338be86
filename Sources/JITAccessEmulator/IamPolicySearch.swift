import JITAccessCore
import JITAccessLocal

/// Cloud Asset v1's `searchAllIamPolicies` on the embedded IAM: the policies of the resources at
/// or below the scope (never those above it) with a binding that matches the query
/// (``IamPolicySearchQuery``), each with only its matching bindings, in a fixed order so that
/// `pageToken` paging is stable.
struct IamPolicySearch {
    static let maximumPageSize = 500
    /// Google's page size when none (or 0) is asked for.
    static let defaultPageSize = 100
    static let parameters: Set<String> = ["query", "assetTypes", "pageSize", "pageToken", "orderBy"]

    let iam: EmbeddedIAM
    let hierarchy: ResourceHierarchy
    let scope: ResourceName

    /// The `SearchAllIamPoliciesResponse` for the request's `parameters`.
    func response(parameters: QueryParameters) async throws(GoogleAPIError) -> JSONValue {
        try parameters.check(known: Self.parameters)
        guard hierarchy.resources.contains(scope) else { throw .permissionDenied }
        if parameters.value("orderBy") != nil {
            throw .invalidArgument("The emulator does not implement orderBy; leave it out.")
        }
        let query = try IamPolicySearchQuery(parameters.value("query") ?? "")
        let assetTypes = try parameters.values("assetTypes").map { pattern throws(GoogleAPIError) in
            do {
                return try Regex(pattern)
            } catch {
                throw .invalidArgument("Invalid assetTypes '\(pattern)': it is not a regular expression (\(error)).")
            }
        }
        let pageSize = try parameters.integer("pageSize") ?? 0
        guard pageSize >= 0 else { throw .invalidArgument("pageSize must not be negative, not \(pageSize).") }
        var results: [JSONValue] = []
        let resources = hierarchy.resources.filter { hierarchy.contains($0, within: scope) }.sorted { $0.fullName < $1.fullName }
        for resource in resources {
            let assetType = Self.assetType(of: resource)
            guard assetTypes.isEmpty || assetTypes.contains(where: { (try? $0.wholeMatch(in: assetType)) != nil }) else { continue }
            let policy = try await embedded { try await iam.policy(of: resource) }
            let matching = policy.bindings.filter(query.matches)
            guard !matching.isEmpty else { continue }
            results.append(try result(resource: resource, assetType: assetType, bindings: matching))
        }
        let request = "\(scope)|\(parameters.value("query") ?? "")|\(parameters.values("assetTypes"))"
        let page = try PageToken.page(
            of: results, token: parameters.value("pageToken"), pageSize: pageSize == 0 ? Self.defaultPageSize : min(pageSize, Self.maximumPageSize),
            request: request
        )
        var response: [String: JSONValue] = [:]
        if !page.items.isEmpty { response["results"] = .array(page.items) }
        if let next = page.next { response["nextPageToken"] = .string(next) }
        return .object(response)
    }

    /// One `IamPolicySearchResult`: `project` is the number, folders nearest first.
    private func result(resource: ResourceName, assetType: String, bindings: [IAMBinding]) throws(GoogleAPIError) -> JSONValue {
        let ancestry = hierarchy.ancestry(of: resource)
        var fields: [String: JSONValue] = [
            "resource": .string(resource.fullName), "assetType": .string(assetType),
            "policy": try ProtoJSON.value(IAMPolicy(bindings: bindings)).removingVersion,
        ]
        if let project = resource.project, let number = hierarchy.numbers[project] {
            fields["project"] = .string("projects/\(number)")
        }
        let folders = ancestry.filter { $0.kind == .folder }.map { JSONValue.string($0.relativeName) }
        if !folders.isEmpty { fields["folders"] = .array(folders) }
        if let organization = ancestry.first(where: { $0.kind == .organization }) {
            fields["organization"] = .string(organization.relativeName)
        }
        return .object(fields)
    }

    /// Cloud Asset's type of a Resource Manager resource.
    static func assetType(of resource: ResourceName) -> String {
        switch resource.kind {
        case .organization: "cloudresourcemanager.googleapis.com/Organization"
        case .folder: "cloudresourcemanager.googleapis.com/Folder"
        case .project: "cloudresourcemanager.googleapis.com/Project"
        }
    }
}

private extension JSONValue {
    /// A policy without `version`: search results carry only the matching bindings.
    var removingVersion: JSONValue {
        guard case .object(var fields) = self else { return self }
        fields["version"] = nil
        return .object(fields)
    }
}
