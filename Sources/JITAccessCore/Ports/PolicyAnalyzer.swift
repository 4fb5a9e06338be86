/// Answers who holds what, with Policy Analyzer's semantics: direct membership, nested group
/// membership and inheritance from folders and the organization all count.
///
/// Implementations read IAM live for every call; nothing cached may decide a grant.
public protocol PolicyAnalyzer: Sendable {
    /// The projects where `user` holds an eligible binding (on the project or an ancestor) or an
    /// activation. Throws ``JITAccessError``.
    func projects(for user: UserId) async throws -> [ProjectId]

    /// Every binding with a condition on `project` and its ancestors that applies to `user`.
    /// Throws ``JITAccessError/notFound(_:)`` for an unknown project.
    func bindings(for user: UserId, on project: ProjectId) async throws -> [ScopedBinding]

    /// Every user holding a binding with a condition for `role` on `project` or its ancestors,
    /// directly or through nested groups, once per binding. Members that are not users or groups
    /// (domains, service accounts) are not expanded. Throws ``JITAccessError/notFound(_:)`` for
    /// an unknown project.
    func holders(of role: String, on project: ProjectId) async throws -> [RoleHolder]
}
