import JITAccessCore

/// One policy found by Cloud Asset's `searchAllIamPolicies`, holding only the bindings that
/// matched the query (Google leaves the others out).
///
/// Google's token matching is fuzzy (`alice@example.com` also matches `alice.example.com`), so
/// callers compare members and conditions exactly before trusting a result.
public struct PolicySearchResult: Sendable, Equatable {
    /// The project, folder or organization the policy is attached to. A project Google names by
    /// its number keeps the number as its id (`projects/415104041262`), since the number cannot
    /// be turned into an id without another call: match it against ``ProjectSummary/number``.
    public let resource: ResourceName
    /// `projects/NUMBER` of the project the resource is in, when it is in one.
    public let project: String?
    /// The folders above the resource, nearest first as Google lists them.
    public let folders: [ResourceName]
    /// The organization the resource is in.
    public let organization: ResourceName?
    /// The bindings of the policy that matched the query.
    public let bindings: [IAMBinding]

    /// A result as Google describes it.
    public init(resource: ResourceName, project: String?, folders: [ResourceName], organization: ResourceName?, bindings: [IAMBinding]) {
        self.resource = resource
        self.project = project
        self.folders = folders
        self.organization = organization
        self.bindings = bindings
    }
}
