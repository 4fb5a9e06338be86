import JITAccessCore
import Synchronization

/// Collects audit events.
public final class RecordingAuditLog: AuditLog, Sendable {
    private let storage = Mutex<[AuditEvent]>([])

    public init() {}

    public func record(_ event: AuditEvent) { storage.withLock { $0.append(event) } }

    public var events: [AuditEvent] { storage.withLock { $0 } }
}
