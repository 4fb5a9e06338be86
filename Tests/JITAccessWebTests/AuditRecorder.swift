import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JITAccessCore
import JITAccessLocal
import JITAccessMail
import JITAccessRuntime
import JITAccessTestSupport
import NIOCore
import Synchronization
@testable import JITAccessWeb

/// Collects the audit lines the application writes.
final class AuditRecorder: Sendable {
    private let lines = Mutex<[String]>([])

    var log: CloudLoggingAuditLog {
        CloudLoggingAuditLog { line in self.lines.withLock { $0.append(line) } }
    }

    /// Every line, parsed.
    func entries() -> [[String: Any]] {
        lines.withLock { $0 }.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// The labels of the entries for `event`.
    func labels(of event: String) -> [[String: String]] {
        entries().compactMap { $0["logging.googleapis.com/labels"] as? [String: String] }.filter { $0["event"] == event }
    }

    var rawLines: [String] { lines.withLock { $0 } }
}
