import Hummingbird
import JITAccessCore

/// A user whose identity was verified, with what the audit trail should say about the request.
public struct SignedInUser: Sendable, Equatable {
    /// The user.
    public let user: UserId
    /// Labels added to every audit line written while serving the request, such as `device_id`
    /// and `device_access_levels` from the Identity-Aware Proxy.
    public let auditLabels: [String: String]

    /// `user`, with `auditLabels` for the audit lines of the request.
    public init(_ user: UserId, auditLabels: [String: String] = [:]) {
        self.user = user
        self.auditLabels = auditLabels
    }
}
