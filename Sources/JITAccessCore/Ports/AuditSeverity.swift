/// How important an audit event is, in Cloud Logging's terms.
public enum AuditSeverity: String, Sendable {
    case info = "INFO"
    case notice = "NOTICE"
    case warning = "WARNING"
    case error = "ERROR"
}
