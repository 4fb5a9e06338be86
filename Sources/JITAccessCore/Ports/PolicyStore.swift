/// Reads and writes IAM policies with optimistic concurrency.
public protocol PolicyStore: Sendable {
    /// The current policy of `resource`, with its etag.
    func policy(of resource: ResourceName) async throws -> IAMPolicy

    /// Replaces the policy of `resource` if its etag still matches; otherwise throws
    /// ``JITAccessError/conflict(_:)``. `reason` explains the change (Google's
    /// `x-goog-request-reason`). Returns the policy as written, with its new etag.
    @discardableResult
    func setPolicy(_ policy: IAMPolicy, of resource: ResourceName, reason: String) async throws -> IAMPolicy
}
