import JITAccessCore

/// One IAM policy that applies to a resource, with the resource it is attached to: the
/// resource itself or one of its ancestors (as Cloud Asset's `effectiveIamPolicies.batchGet`
/// lists them).
public struct ScopedPolicy: Sendable, Equatable {
    /// The project, folder or organization the policy is attached to.
    public let resource: ResourceName
    /// The policy; a policy without bindings is empty, not missing.
    public let policy: IAMPolicy

    /// `policy`, attached to `resource`.
    public init(resource: ResourceName, policy: IAMPolicy) {
        self.resource = resource
        self.policy = policy
    }
}
