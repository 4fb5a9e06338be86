import JITAccessCore

/// An audit log that adds the current request's labels to every event before passing it on.
/// Labels of the event itself win: the domain knows best what it is talking about.
struct RequestLabelledAuditLog: AuditLog {
    let base: any AuditLog

    func record(_ event: AuditEvent) {
        var labels = RequestAuditLabels.current
        if let trace = RequestAuditLabels.trace { labels[RequestTraceMiddleware.label] = trace }
        guard !labels.isEmpty else { return base.record(event) }
        base.record(AuditEvent(
            name: event.name, severity: event.severity, message: event.message,
            labels: event.labels.merging(labels) { own, _ in own }
        ))
    }
}
