import Foundation
import JITAccessCore

/// The audit trail as one JSON object per line, in Cloud Logging's structured form:
/// `{"severity": ..., "message": ..., "logging.googleapis.com/labels": {...}}`.
///
/// On Cloud Run and GKE, lines written to stdout in this form become log entries with labels.
public final class CloudLoggingAuditLog: AuditLog {
    private let sink: @Sendable (String) -> Void

    /// Writes to `sink`, one complete line (with its newline) per call; by default to stdout.
    public init(sink: @escaping @Sendable (String) -> Void = CloudLoggingAuditLog.standardOutput) {
        self.sink = sink
    }

    public func record(_ event: AuditEvent) {
        sink(Self.line(for: event))
    }

    /// The JSON line for `event`, ending in a newline. Keys are sorted so lines are stable.
    static func line(for event: AuditEvent) -> String {
        var labels = event.labels
        labels["event"] = event.name
        return line(severity: event.severity.rawValue, message: event.message, labels: labels)
    }

    /// One structured log line, ending in a newline: `severity`, `message` and the labels under
    /// `logging.googleapis.com/labels`, keys in alphabetical order. A trace among the labels becomes the line's `logging.googleapis.com/trace`.
    static func line(severity: String, message: String, labels: [String: String]) -> String {
        var labels = labels
        let trace = labels.removeValue(forKey: RequestTraceMiddleware.label)
        var writer = JSONWriter(capacity: 256)
        writer.beginObject()
        writer.key("logging.googleapis.com/labels")
        writer.beginObject()
        for (key, value) in labels.sorted(by: { $0.key < $1.key }) {
            writer.field(key, value)
        }
        writer.endObject()
        if let trace { writer.field(RequestTraceMiddleware.label, trace) }
        writer.field("message", message)
        writer.field("severity", severity)
        writer.endObject()
        return String(decoding: writer.bytes, as: UTF8.self) + "\n"
    }

    /// Writes a line to standard output in one `write(2)`, so lines from several threads do not
    /// mix: a write of up to `PIPE_BUF` bytes to a pipe is atomic and Linux serialises writes to
    /// a file. No lock is held across the call; one would stall a worker thread whenever its
    /// holder is preempted.
    @Sendable public static func standardOutput(_ line: String) {
        let bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                buffer.baseAddress.map { write(STDOUT_FILENO, $0 + offset, buffer.count - offset) } ?? -1
            }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
