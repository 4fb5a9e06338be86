import JITAccessCore

/// Who a verified Identity-Aware Proxy assertion says is making the request.
public struct IAPIdentity: Sendable, Equatable {
    /// The user: the assertion's `email` claim.
    public let user: UserId
    /// Google's stable id of the user (`sub`, such as `accounts.google.com:1234`).
    public let subject: String
    /// The user's Google Workspace domain (`hd`), when there is one.
    public let hostedDomain: String?
    /// The device the request came from (`google.device_id`), when endpoint verification knows it.
    public let deviceId: String?
    /// The access levels the request satisfies (`google.access_levels`), for the audit trail.
    public let accessLevels: [String]

    /// An identity of `user` with the given assertion details.
    public init(user: UserId, subject: String, hostedDomain: String? = nil, deviceId: String? = nil, accessLevels: [String] = []) {
        self.user = user
        self.subject = subject
        self.hostedDomain = hostedDomain
        self.deviceId = deviceId
        self.accessLevels = accessLevels
    }
}

extension IAPIdentity {
    /// The labels JIT Access 1.x puts on every audit line about a request: `user`, `user_id`,
    /// `device_id` ("unknown" without endpoint verification) and `device_access_levels`
    /// (comma-separated).
    public var auditLabels: [String: String] {
        [
            "user": user.email,
            "user_id": subject,
            "device_id": deviceId ?? "unknown",
            "device_access_levels": accessLevels.joined(separator: ","),
        ]
    }
}
