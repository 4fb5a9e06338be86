import Foundation
import JITAccessCore
import JITAccessLocal

/// One `analyzeIamPolicy` run over the embedded IAM.
///
/// The embedded IAM answers per project, so the analysis covers projects within the scope (the
/// scope itself if it is a project, else every project below the folder or organization): the
/// one selected by `resourceSelector`, else the scope if it is a project, else every project
/// where the identity holds something. Bindings that apply to several of them are one result
/// listing them all.
struct IamPolicyAnalysis {
    let iam: EmbeddedIAM
    let scope: ResourceName
    /// The hierarchy, for a scope that is a folder or the organization; nil for a project scope.
    let hierarchy: ResourceHierarchy?
    let query: IamPolicyAnalysisQuery
    let accessTime: Timestamp

    /// A binding where it is attached, with what the analysis found for it.
    struct Result {
        let attachedResource: ResourceName
        let binding: IAMBinding
        var projects: [ProjectId]
        var identities: [String]
    }

    /// The results, grouped by binding; an unknown scope or resource is 400 INVALID_ARGUMENT,
    /// as Google answers (and JIT Access reads that as "nothing found").
    func results() async throws(GoogleAPIError) -> [Result] {
        _ = try await analyzed { try await iam.policy(of: scope) }
        var results: [Result] = []
        for project in try await projects() {
            for (binding, identities) in try await bindings(on: project) {
                if let index = results.firstIndex(where: { $0.attachedResource == binding.resource && $0.binding == binding.binding }) {
                    if !results[index].projects.contains(project) { results[index].projects.append(project) }
                    results[index].identities = Array(Set(results[index].identities).union(identities)).sorted()
                } else {
                    results.append(Result(attachedResource: binding.resource, binding: binding.binding, projects: [project], identities: identities))
                }
            }
        }
        return results
    }

    private func projects() async throws(GoogleAPIError) -> [ProjectId] {
        if let resource = query.resource {
            guard let project = resource.project else {
                throw .invalidArgument("The emulator analyzes projects: select //cloudresourcemanager.googleapis.com/projects/ID, not \(resource.fullName).")
            }
            return isWithinScope(project) ? [project] : []
        }
        if let project = scope.project { return [project] }
        guard let user = query.identity else { return [] }
        return try await analyzed { try await iam.projects(for: user) }.filter(isWithinScope)
    }

    /// Whether `project` is the scope or lies below it: Cloud Asset analyzes nothing outside the scope.
    private func isWithinScope(_ project: ProjectId) -> Bool {
        guard let hierarchy else { return scope.project == project }
        return hierarchy.contains(ResourceName(project), within: scope)
    }

    /// Whether the policy of `resource` is within the scope. "Only resources and IAM policies
    /// within the scope will be analyzed": with a project scope, bindings the project inherits
    /// from its folders and organization are not seen.
    private func isWithinScope(_ resource: ResourceName) -> Bool {
        guard let hierarchy else { return resource == scope }
        return hierarchy.contains(resource, within: scope)
    }

    /// The bindings on `project` (or inherited by it from within the scope) that the query
    /// selects, with the identities to list for each.
    private func bindings(on project: ProjectId) async throws(GoogleAPIError) -> [(ScopedBinding, [String])] {
        if let user = query.identity {
            let bindings = try await analyzed { try await iam.bindings(for: user, on: project) }
            return bindings.filter { isWithinScope($0.resource) && (query.roles.isEmpty || query.roles.contains($0.binding.role)) }
                .map { ($0, [user.principal.member]) }
        }
        var found: [(ScopedBinding, [String])] = []
        for role in query.roles {
            let holders = try await analyzed { try await iam.holders(of: role, on: project) }
            for holder in holders where isWithinScope(holder.binding.resource) {
                let member = holder.user.principal.member
                if let index = found.firstIndex(where: { $0.0 == holder.binding }) {
                    if query.expandGroups, !found[index].1.contains(member) { found[index].1.append(member) }
                } else {
                    found.append((holder.binding, holder.binding.binding.members + (query.expandGroups ? [member] : [])))
                }
            }
        }
        return found.map { ($0.0, Array(Set($0.1)).sorted()) }
    }

    /// Whether the condition of `binding` holds at ``accessTime``: temporary activations by
    /// their window, eligibility markers never (they are not meant to grant), anything else
    /// CONDITIONAL as Policy Analyzer says for expressions it cannot decide. `nil` without a condition.
    func evaluation(of binding: IAMBinding) -> String? {
        guard binding.condition != nil else { return nil }
        if let activation = ActivationCondition(binding.condition) {
            return activation.window.contains(accessTime) ? "TRUE" : "FALSE"
        }
        return EligibilityCondition(binding.condition) != nil ? "FALSE" : "CONDITIONAL"
    }

    /// The `AnalyzeIamPolicyResponse` for `results`.
    func response(results: [Result]) -> JSONValue {
        let analysis: JSONValue = .object([
            "analysisQuery": echoedQuery,
            "analysisResults": .array(results.map(json)),
            "fullyExplored": .bool(true),
        ])
        return .object(["mainAnalysis": analysis, "fullyExplored": .bool(true)])
    }

    private func json(_ result: Result) -> JSONValue {
        let resources = query.expandResources ? result.projects.map { ResourceName($0) } : [result.attachedResource]
        var acl: [String: JSONValue] = [
            "resources": .array(resources.map { .object(["fullResourceName": .string($0.fullName)]) }),
            "accesses": .array([.object(["role": .string(result.binding.role)])]),
        ]
        if let value = evaluation(of: result.binding) {
            acl["conditionEvaluation"] = .object(["evaluationValue": .string(value)])
        }
        return .object([
            "attachedResourceFullName": .string(result.attachedResource.fullName),
            "iamBinding": result.binding.jsonValue,
            "accessControlLists": .array([.object(acl)]),
            "identityList": .object(["identities": .array(result.identities.map { .object(["name": .string($0)]) })]),
            "fullyExplored": .bool(true),
        ])
    }

    private var echoedQuery: JSONValue {
        var fields: [String: JSONValue] = [
            "scope": .string(scope.relativeName),
            "conditionContext": .object(["accessTime": .string(accessTime.rfc3339)]),
        ]
        if let user = query.identity { fields["identitySelector"] = .object(["identity": .string(user.principal.member)]) }
        if let resource = query.resource { fields["resourceSelector"] = .object(["fullResourceName": .string(resource.fullName)]) }
        if !query.roles.isEmpty { fields["accessSelector"] = .object(["roles": .array(query.roles.map(JSONValue.string))]) }
        if !query.options.isEmpty { fields["options"] = .object(query.options.mapValues(JSONValue.bool)) }
        return .object(fields)
    }

    /// Runs a call of the embedded IAM; what does not exist is a bad argument here, as in Google's API.
    private func analyzed<Value>(_ body: () async throws -> Value) async throws(GoogleAPIError) -> Value {
        do {
            return try await body()
        } catch JITAccessError.notFound(let message) {
            throw .invalidArgument(message)
        } catch let error as JITAccessError {
            throw GoogleAPIError(error)
        } catch {
            throw .internalError("\(error)")
        }
    }
}

extension IAMBinding {
    /// The binding as Google's `Binding` JSON.
    var jsonValue: JSONValue {
        guard let data = try? JSONEncoder().encode(self), let value = try? JSONDecoder().decode(JSONValue.self, from: data) else { return .null }
        return value
    }
}
