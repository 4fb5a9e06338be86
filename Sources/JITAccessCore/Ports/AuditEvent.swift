/// One entry of the audit trail.
///
/// Who writes which: the engines write the events of the decisions they make
/// (`api.activateRole`, `api.requestRole`, `api.rateLimited`), the web module's
/// `AuditedAccess` the listings and the failures the engines never see, and the sink alone
/// turns ``name`` into the line's `event` label; nobody else sets that label.
public struct AuditEvent: Sendable, Equatable {
    /// The event name, such as `api.activateRole`.
    public let name: String
    public let severity: AuditSeverity
    public let message: String
    /// Labels such as `user`, `role`, `resource`, `justification`; never `event` (``name``).
    public let labels: [String: String]

    public init(name: String, severity: AuditSeverity, message: String, labels: [String: String]) {
        self.name = name
        self.severity = severity
        self.message = message
        self.labels = labels
    }
}
