import Foundation
import Hummingbird
import JITAccessCore
import JITAccessLocal

/// Cloud Asset v1's `analyzeIamPolicy` (`GET /v1/{scope}:analyzeIamPolicy`), `searchAllIamPolicies`
/// (`GET /v1/{scope}:searchAllIamPolicies`, see ``IamPolicySearch``) and
/// `effectiveIamPolicies.batchGet` (`GET /v1/{scope}/effectiveIamPolicies:batchGet`, see
/// ``EffectiveIamPolicies``), answered from the embedded IAM. The analysis has Policy Analyzer's semantics: only resources and policies within the scope
/// (a project, or a folder or the organization and everything below it) are analyzed, so
/// bindings a project inherits count only when they are attached within the scope; group
/// membership counts, and conditions are evaluated at `accessTime`.
struct CloudAssetController<Context: RequestContext> {
    /// How far in the past `accessTime` may be, in seconds: Google refuses times before the
    /// current one, and a client's "now" is a little old when it arrives.
    static var accessTimeTolerance: Int64 { 60 }

    let iam: EmbeddedIAM
    let hierarchy: HierarchyCache
    let clock: any WallClock

    /// The parameter is named `id` like the project segment of IAM Credentials' paths: the
    /// router refuses two names for one position.
    func register(on router: some RouterMethods<Context>) {
        for kind in ResourceName.Kind.allCases {
            router.get("/v1/\(kind.rawValue)/:id") { request, context in
                try await handle(kind: kind, request: request, context: context)
            }
            router.get("/v1/\(kind.rawValue)/:id/effectiveIamPolicies:batchGet") { request, context in
                let scope = try Self.scope(kind: kind, id: try context.parameters.require("id"))
                let effective = EffectiveIamPolicies(iam: iam, hierarchy: try hierarchy.current(), scope: scope)
                let parameters = QueryParameters(request.uri.query)
                try parameters.check(known: ["names"])
                return try JSONResponse.ok(try await effective.response(names: parameters.values("names")))
            }
        }
    }

    private func handle(kind: ResourceName.Kind, request: Request, context: Context) async throws -> Response {
        guard let call = GoogleMethodCall(try context.parameters.require("id")), call.method == "analyzeIamPolicy" || call.method == "searchAllIamPolicies" else {
            throw GoogleAPIError.notFound("The emulator serves only \(kind.rawValue)/ID:analyzeIamPolicy and :searchAllIamPolicies under /v1/.")
        }
        let scope = try Self.scope(kind: kind, id: String(call.name))
        if call.method == "searchAllIamPolicies" {
            let search = IamPolicySearch(iam: iam, hierarchy: try hierarchy.current(), scope: scope)
            return try JSONResponse.ok(try await search.response(parameters: QueryParameters(request.uri.query)))
        }
        let query = try IamPolicyAnalysisQuery(parameters: QueryParameters(request.uri.query).pairs)
        let now = clock.now
        if let accessTime = query.accessTime, accessTime < now.adding(seconds: -Self.accessTimeTolerance) {
            throw GoogleAPIError.invalidArgument("analysisQuery.conditionContext.accessTime \(accessTime) is in the past; it must not be earlier than the current time (\(now)).")
        }
        let analysis = IamPolicyAnalysis(
            iam: iam, scope: scope, hierarchy: scope.project == nil ? try hierarchy.current() : nil, query: query, accessTime: query.accessTime ?? now
        )
        let results = try await analysis.results()
        return try JSONResponse.ok(analysis.response(results: results))
    }

    /// The scope `kind/id` (`id` percent-decoded).
    private static func scope(kind: ResourceName.Kind, id: String) throws(GoogleAPIError) -> ResourceName {
        let decoded = id.removingPercentEncoding ?? id
        guard let scope = ResourceName(relativeName: "\(kind.rawValue)/\(decoded)") else {
            throw .invalidArgument("Invalid scope '\(kind.rawValue)/\(decoded)'.")
        }
        return scope
    }
}
