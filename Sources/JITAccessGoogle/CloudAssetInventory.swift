import AsyncHTTPClient
import JITAccessCore
import Logging

/// IAM policies of the projects, folders and organization within `RESOURCE_SCOPE`, read from
/// Cloud Asset v1 without Policy Analyzer (whose analyses cost 20 a day per organization
/// without Security Command Center Premium): `effectiveIamPolicies.batchGet` for the policies
/// a project inherits, and `searchAllIamPolicies` to find where someone is named.
///
/// Cloud Asset is eventually consistent: a policy changed a moment ago may not show yet.
public struct CloudAssetInventory: Sendable {
    /// Google's limit on `names` in one `batchGet`.
    static let namesPerBatch = 20
    /// How many `batchGet`s run at once: enough to hide latency, few enough not to spend the
    /// 100 a minute quota in a burst.
    static let concurrentBatches = 4

    private let baseURL: String
    private let scope: ResourceName
    private let transport: GoogleAPITransport
    /// How many results a page of `searchAllIamPolicies` asks for; 500 is Google's maximum.
    var searchPageSize = 500
    /// How many pages of `searchAllIamPolicies` are read at most.
    var maximumPages = GoogleAPITransport.maximumPages

    /// The inventory of `scope` (`RESOURCE_SCOPE`) through Cloud Asset at `endpoints.cloudAsset`.
    public init(
        scope: ResourceName, endpoints: GoogleEndpoints, client: HTTPClient, credentials: any AccessTokenSource, clock: any WallClock,
        retry: Backoff, logger: Logger = Logger(label: "jitaccess.google")
    ) {
        self.scope = scope
        baseURL = endpoints.cloudAsset
        transport = GoogleAPITransport(
            service: "Cloud Asset", client: client, credentials: credentials, timeouts: endpoints.timeouts, retry: retry, clock: clock, logger: logger
        )
    }

    /// The policies that apply to each of `projects`: the project's own first, then those of
    /// its folders and organization, up to and including the scope (never above it).
    ///
    /// Projects are asked for 20 to a call, a few calls at a time. A project Google does not
    /// know, or one outside the scope, fails the whole call, as Google does.
    public func effectivePolicies(of projects: [ProjectId]) async throws -> [ProjectId: [ScopedPolicy]] {
        let unique = projects.reduce(into: [ProjectId]()) { kept, project in
            if !kept.contains(project) { kept.append(project) }
        }
        let batches = stride(from: 0, to: unique.count, by: Self.namesPerBatch).map { Array(unique[$0..<min($0 + Self.namesPerBatch, unique.count)]) }
        return try await withThrowingTaskGroup(of: [ProjectId: [ScopedPolicy]].self) { group in
            var policies: [ProjectId: [ScopedPolicy]] = [:]
            for (index, batch) in batches.enumerated() {
                if index >= Self.concurrentBatches, let done = try await group.next() {
                    policies.merge(done) { first, _ in first }
                }
                group.addTask { try await batchGet(batch) }
            }
            for try await done in group {
                policies.merge(done) { first, _ in first }
            }
            return policies
        }
    }

    /// One `batchGet` of at most 20 projects.
    private func batchGet(_ projects: [ProjectId]) async throws -> [ProjectId: [ScopedPolicy]] {
        let query = QueryString.encode(projects.map { ("names", ResourceName($0).fullName) })
        let url = "\(baseURL)/v1/\(scope.relativeName)/effectiveIamPolicies:batchGet?\(query)"
        guard let answer = try await transport.get(url, as: BatchGetResponse.self) else { return [:] }
        var policies: [ProjectId: [ScopedPolicy]] = [:]
        for result in answer.policyResults ?? [] {
            guard let project = ResourceName(fullName: result.fullResourceName ?? "")?.project, projects.contains(project) else {
                throw JITAccessError.backend("Cloud Asset answered \(url) with a policy of '\(result.fullResourceName ?? "")', which jitaccess did not ask for.")
            }
            policies[project] = try (result.policies ?? []).map { info in
                try ScopedPolicy(resource: Self.attachedResource(info.attachedResource, of: project, url: url), policy: info.policy ?? IAMPolicy())
            }
        }
        if let missing = projects.first(where: { policies[$0] == nil }) {
            throw JITAccessError.backend("Cloud Asset answered \(url) without the policies of \(missing).")
        }
        return policies
    }

    /// The resource a policy of `project` is attached to. Google may name the project itself by
    /// its number; the only project above a project is the project, so that is `project`.
    private static func attachedResource(_ name: String?, of project: ProjectId, url: String) throws -> ResourceName {
        if let resource = ResourceName(fullName: name ?? "") { return resource }
        if let name, name.hasPrefix(ResourceName.service + "projects/") { return ResourceName(project) }
        throw JITAccessError.backend("Cloud Asset answered \(url) with a policy attached to '\(name ?? "")', which is no project, folder or organization.")
    }

    /// Every policy within the scope with a binding that matches `query` (Cloud Asset's search
    /// syntax, such as `policy:"alice@example.com"`), on resources of `assetTypes` (RE2
    /// expressions such as `cloudresourcemanager.googleapis.com/Project`; all when empty),
    /// each with only its matching bindings.
    ///
    /// Results on other resources than projects, folders and organizations are left out:
    /// jitaccess grants access on those three only.
    public func searchPolicies(query: String, assetTypes: [String]) async throws -> [PolicySearchResult] {
        let parameters = [("query", query)] + assetTypes.map { ("assetTypes", $0) } + [("pageSize", "\(searchPageSize)")]
        let pages = try await transport.allPages(of: "IAM policies matching '\(query)'", maximumPages: maximumPages, url: { token in
            "\(baseURL)/v1/\(scope.relativeName):searchAllIamPolicies?\(QueryString.encode(parameters + (token.map { [("pageToken", $0)] } ?? [])))"
        }, as: SearchResponse.self)
        return pages.flatMap { $0.results ?? [] }.compactMap { result in
            guard let resource = Self.searchedResource(result.resource) else { return nil }
            return PolicySearchResult(
                resource: resource, project: result.project, folders: (result.folders ?? []).compactMap { ResourceName(relativeName: $0) },
                organization: result.organization.flatMap { ResourceName(relativeName: $0) }, bindings: result.policy?.bindings ?? []
            )
        }
    }

    /// A searched resource's full name as a resource; a project named by its number keeps it.
    private static func searchedResource(_ name: String?) -> ResourceName? {
        guard let name, name.hasPrefix(ResourceName.service) else { return nil }
        if let resource = ResourceName(fullName: name) { return resource }
        let relative = name.dropFirst(ResourceName.service.count)
        guard relative.hasPrefix("projects/") else { return nil }
        let number = relative.dropFirst("projects/".count)
        guard !number.isEmpty, number.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return ResourceName(kind: .project, id: String(number))
    }

    /// `BatchGetEffectiveIamPoliciesResponse`; proto3 JSON leaves out empty lists, so every list
    /// may be missing.
    private struct BatchGetResponse: Decodable {
        struct EffectiveIamPolicy: Decodable {
            let fullResourceName: String?
            let policies: [PolicyInfo]?
        }
        struct PolicyInfo: Decodable {
            let attachedResource: String?
            let policy: IAMPolicy?
        }
        let policyResults: [EffectiveIamPolicy]?
    }

    /// `SearchAllIamPoliciesResponse`, the fields jitaccess reads.
    private struct SearchResponse: GooglePage {
        struct Result: Decodable {
            let resource: String?
            let project: String?
            let folders: [String]?
            let organization: String?
            let policy: IAMPolicy?
        }
        let results: [Result]?
        let nextPageToken: String?
    }
}
