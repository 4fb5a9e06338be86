import Foundation
import JITAccessCore
import Synchronization

/// The audit trail as one JSON object per line, in Cloud Logging's structured form:
/// `{"severity": ..., "message": ..., "logging.googleapis.com/labels": {...}}`.
///
/// On Cloud Run and GKE, lines written to stdout in this form become log entries with labels.
public final class CloudLoggingAuditLog: AuditLog {
    private let sink: @Sendable (String) -> Void
    private let lock = Mutex(())

    /// Writes to `sink`, one complete line (with its newline) per call; by default to stdout.
    public init(sink: @escaping @Sendable (String) -> Void = CloudLoggingAuditLog.standardOutput) {
        self.sink = sink
    }

    public func record(_ event: AuditEvent) {
        let line = Self.line(for: event)
        lock.withLock { _ in sink(line) }
    }

    /// The JSON line for `event`, ending in a newline. Keys are sorted so lines are stable.
    static func line(for event: AuditEvent) -> String {
        var labels = event.labels
        labels["event"] = event.name
        return line(severity: event.severity.rawValue, message: event.message, labels: labels)
    }

    /// One structured log line, ending in a newline: `severity`, `message` and the labels under
    /// `logging.googleapis.com/labels`.
    static func line(severity: String, message: String, labels: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let entry = Entry(severity: severity, message: message, labels: labels)
        let data = (try? encoder.encode(entry)) ?? Data(#"{"severity":"ERROR","message":"unencodable log entry"}"#.utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Writes a line to standard output in one call, so lines from several threads never mix.
    @Sendable public static func standardOutput(_ line: String) {
        let bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                buffer.baseAddress.map { write(STDOUT_FILENO, $0 + offset, buffer.count - offset) } ?? -1
            }
            guard written > 0 else { return }
            offset += written
        }
    }

    private struct Entry: Encodable {
        let severity: String
        let message: String
        let labels: [String: String]

        enum CodingKeys: String, CodingKey {
            case severity, message
            case labels = "logging.googleapis.com/labels"
        }
    }
}
