#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A binding as found on a resource: the project itself or one of its ancestors.
public struct ScopedBinding: Sendable, Equatable {
    public let resource: ResourceName
    public let binding: IAMBinding

    public init(resource: ResourceName, binding: IAMBinding) {
        self.resource = resource
        self.binding = binding
    }
}

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

/// A user who holds a binding, directly or through groups.
public struct RoleHolder: Sendable, Equatable {
    public let user: UserId
    public let binding: ScopedBinding

    public init(user: UserId, binding: ScopedBinding) {
        self.user = user
        self.binding = binding
    }
}

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

/// How important an audit event is, in Cloud Logging's terms.
public enum AuditSeverity: String, Sendable {
    case info = "INFO"
    case notice = "NOTICE"
    case warning = "WARNING"
    case error = "ERROR"
}

/// One entry of the audit trail.
public struct AuditEvent: Sendable, Equatable {
    /// The event name, such as `api.activateRole`.
    public let name: String
    public let severity: AuditSeverity
    public let message: String
    /// Labels such as `user`, `role`, `resource`, `justification`.
    public let labels: [String: String]

    public init(name: String, severity: AuditSeverity, message: String, labels: [String: String]) {
        self.name = name
        self.severity = severity
        self.message = message
        self.labels = labels
    }
}

/// The append-only audit trail.
public protocol AuditLog: Sendable {
    func record(_ event: AuditEvent)
}

/// The current time, replaceable in tests.
public protocol WallClock: Sendable {
    var now: Timestamp { get }
}

/// The system's real-time clock.
public struct SystemWallClock: WallClock {
    public init() {}

    public var now: Timestamp {
        Timestamp(secondsSinceEpoch: Int64(time(nil)))
    }
}
