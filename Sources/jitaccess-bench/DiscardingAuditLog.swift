import Foundation
import JITAccessCore
import JITAccessLocal
import Synchronization

/// Audit events are not what is measured.
struct DiscardingAuditLog: AuditLog {
    func record(_ event: AuditEvent) {}
}
