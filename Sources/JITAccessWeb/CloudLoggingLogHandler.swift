import Logging

/// A swift-log handler that writes each message as one JSON line in Cloud Logging's structured
/// form, like the audit trail, so that on Cloud Run every line becomes an entry with a severity
/// and labels rather than a line of text.
///
/// The logger's label goes into the `logger` label and metadata into the other labels.
package struct CloudLoggingLogHandler: LogHandler {
    package var metadata: Logger.Metadata = [:]
    package var logLevel: Logger.Level
    private let label: String
    private let sink: @Sendable (String) -> Void

    /// A handler for the logger `label`, writing lines of `logLevel` and above to `sink`.
    package init(label: String, logLevel: Logger.Level = .info, sink: @escaping @Sendable (String) -> Void = CloudLoggingAuditLog.standardOutput) {
        self.label = label
        self.logLevel = logLevel
        self.sink = sink
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var labels = ["logger": label]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            labels[key] = "\(value)"
        }
        sink(CloudLoggingAuditLog.line(severity: Self.severity(of: event.level), message: "\(event.message)", labels: labels))
    }

    /// Cloud Logging's name for `level`.
    static func severity(of level: Logger.Level) -> String {
        switch level {
        case .trace, .debug: "DEBUG"
        case .info: "INFO"
        case .notice: "NOTICE"
        case .warning: "WARNING"
        case .error: "ERROR"
        case .critical: "CRITICAL"
        }
    }
}
