/// The append-only audit trail.
public protocol AuditLog: Sendable {
    func record(_ event: AuditEvent)
}
