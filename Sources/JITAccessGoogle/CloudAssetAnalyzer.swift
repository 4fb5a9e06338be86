import AsyncHTTPClient
import JITAccessCore
import Logging

/// Who holds what, answered by Cloud Asset v1 `analyzeIamPolicy` within `RESOURCE_SCOPE`, the
/// way JIT Access 1.8.1 asks: by user with resources expanded, by resource and role with groups
/// expanded, conditions evaluated at the current time. Google answers 400 for a resource it does
/// not know, which means that nothing is found there.
public struct CloudAssetAnalyzer: PolicyAnalyzer {
    /// How long Google may spend on one analysis.
    static let executionTimeout = "30s"

    private let baseURL: String
    private let scope: ResourceName
    private let clock: any WallClock
    private let transport: GoogleAPITransport

    /// The analyzer of `scope` (`RESOURCE_SCOPE`) through Cloud Asset at `endpoints.cloudAsset`.
    public init(
        scope: ResourceName, endpoints: GoogleEndpoints, client: HTTPClient, credentials: any AccessTokenSource, clock: any WallClock,
        retry: Backoff, logger: Logger = Logger(label: "jitaccess.google")
    ) {
        self.scope = scope
        self.clock = clock
        baseURL = endpoints.cloudAsset
        transport = GoogleAPITransport(
            service: "Cloud Asset", client: client, credentials: credentials, timeouts: endpoints.timeouts, retry: retry, clock: clock, logger: logger
        )
    }

    public func projects(for user: UserId) async throws -> [ProjectId] {
        let now = clock.now
        let results = try await analyze([
            ("analysisQuery.identitySelector.identity", "user:\(user.email)"),
            ("analysisQuery.options.expandResources", "true"),
        ])
        var projects = Set<ProjectId>()
        for result in results where Self.grantsAccess(result.iamBinding, now: now) {
            let resources = (result.accessControlLists ?? []).flatMap { $0.resources ?? [] }.compactMap(\.fullResourceName)
            for name in resources + [result.attachedResourceFullName] {
                if let project = ResourceName(fullName: name)?.project {
                    projects.insert(project)
                }
            }
        }
        return projects.sorted()
    }

    public func bindings(for user: UserId, on project: ProjectId) async throws -> [ScopedBinding] {
        let results = try await analyze([
            ("analysisQuery.identitySelector.identity", "user:\(user.email)"),
            ("analysisQuery.resourceSelector.fullResourceName", ResourceName(project).fullName),
            ("analysisQuery.options.expandResources", "true"),
        ])
        return Self.unique(results.compactMap(Self.scopedBinding))
    }

    public func holders(of role: String, on project: ProjectId) async throws -> [RoleHolder] {
        let results = try await analyze([
            ("analysisQuery.resourceSelector.fullResourceName", ResourceName(project).fullName),
            ("analysisQuery.accessSelector.roles", role),
            ("analysisQuery.options.expandGroups", "true"),
        ])
        var holders: [RoleHolder] = []
        for result in results {
            guard let binding = Self.scopedBinding(result), binding.binding.role == role else { continue }
            let users = Set((result.identityList?.identities ?? []).compactMap { identity -> UserId? in
                guard let name = identity.name, name.hasPrefix("user:") else { return nil }
                return UserId(String(name.dropFirst("user:".count)))
            })
            for user in users.sorted() where !holders.contains(RoleHolder(user: user, binding: binding)) {
                holders.append(RoleHolder(user: user, binding: binding))
            }
        }
        return holders
    }

    /// The results of one analysis with `parameters`, at the current time.
    private func analyze(_ parameters: [(String, String)]) async throws -> [AnalysisResult] {
        let query = QueryString.encode(parameters + [
            ("analysisQuery.conditionContext.accessTime", clock.now.description),
            ("executionTimeout", Self.executionTimeout),
        ])
        let answer = try await transport.get(
            "\(baseURL)/v1/\(scope.relativeName):analyzeIamPolicy?\(query)", absentStatuses: [400], as: AnalyzeResponse.self
        )
        return answer?.mainAnalysis?.analysisResults ?? []
    }

    /// An eligible binding, or an activation that has not ended, gives the user a project.
    private static func grantsAccess(_ binding: IAMBinding?, now: Timestamp) -> Bool {
        guard let condition = binding?.condition else { return false }
        if EligibilityCondition(condition) != nil { return true }
        return ActivationCondition(condition).map { $0.window.end > now } ?? false
    }

    /// The conditional binding of `result` with the resource it is attached to.
    private static func scopedBinding(_ result: AnalysisResult) -> ScopedBinding? {
        guard let binding = result.iamBinding, binding.condition != nil, let resource = ResourceName(fullName: result.attachedResourceFullName) else {
            return nil
        }
        return ScopedBinding(resource: resource, binding: binding)
    }

    /// `bindings` without repeats: an analysis lists a binding once per access it grants.
    private static func unique(_ bindings: [ScopedBinding]) -> [ScopedBinding] {
        bindings.reduce(into: []) { kept, binding in
            if !kept.contains(binding) { kept.append(binding) }
        }
    }

    /// The parts of `AnalyzeIamPolicyResponse` jitaccess reads.
    private struct AnalyzeResponse: Decodable {
        struct Analysis: Decodable {
            let analysisResults: [AnalysisResult]?
        }
        let mainAnalysis: Analysis?
    }
}
