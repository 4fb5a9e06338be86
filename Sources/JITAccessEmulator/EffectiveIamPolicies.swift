import JITAccessCore
import JITAccessLocal

/// Cloud Asset v1's `effectiveIamPolicies.batchGet` on the embedded IAM: for each named
/// resource, the policies attached to it and to its ancestors, child first, up to and
/// including the scope and never above it.
///
/// Errors, as the emulator judges Google answers them (the documentation does not say):
/// - no `names`, or more than 20: 400 `INVALID_ARGUMENT` (20 is the documented maximum);
/// - a name that is no Resource Manager resource: 400 `INVALID_ARGUMENT`;
/// - a resource that does not exist: 404 `NOT_FOUND`, which JIT Access 1.x reports as "project
///   does not exist";
/// - an existing resource outside the scope: 400 `INVALID_ARGUMENT`, since the caller may read
///   the scope (its permission is checked there) and named something the request cannot cover;
/// - a scope that does not exist: 403 `PERMISSION_DENIED`, as for any resource the caller cannot
///   see.
///
/// A resource whose policy has no bindings is left out of `policies`, like a resource without a
/// policy at Google (the embedded IAM cannot tell the two apart).
struct EffectiveIamPolicies {
    static let maximumNames = 20

    let iam: EmbeddedIAM
    let hierarchy: ResourceHierarchy
    let scope: ResourceName

    /// The `BatchGetEffectiveIamPoliciesResponse` for `names`, in their order.
    func response(names: [String]) async throws(GoogleAPIError) -> JSONValue {
        guard hierarchy.resources.contains(scope) else { throw .permissionDenied }
        guard !names.isEmpty else {
            throw .invalidArgument("names is required: name up to \(Self.maximumNames) resources, such as //cloudresourcemanager.googleapis.com/projects/ID.")
        }
        guard names.count <= Self.maximumNames else {
            throw .invalidArgument("Too many names: \(names.count) were given, but a request may name at most \(Self.maximumNames) resources.")
        }
        var results: [JSONValue] = []
        for name in names {
            guard let resource = ResourceName(fullName: name) else {
                throw .invalidArgument("Invalid name '\(name)': use the full resource name of a project, folder or organization, such as //cloudresourcemanager.googleapis.com/projects/ID.")
            }
            guard hierarchy.resources.contains(resource) else {
                throw .notFound("The resource \(name) was not found.")
            }
            let chain = hierarchy.ancestry(of: resource)
            guard let top = chain.firstIndex(of: scope) else {
                throw .invalidArgument("The resource \(name) is not within the scope \(scope); name resources at or below the scope.")
            }
            var policies: [JSONValue] = []
            for attached in chain[...top] {
                let policy = try await embedded { try await iam.policy(of: attached) }
                guard !policy.bindings.isEmpty else { continue }
                policies.append(.object(["attachedResource": .string(attached.fullName), "policy": try ProtoJSON.value(policy)]))
            }
            var result: [String: JSONValue] = ["fullResourceName": .string(name)]
            if !policies.isEmpty { result["policies"] = .array(policies) }
            results.append(.object(result))
        }
        return .object(["policyResults": .array(results)])
    }
}
