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
