import JITAccessCore

/// The audit labels of the request being served, such as the device it came from.
///
/// A task-local value, because audit events are written deep in the domain, which knows nothing
/// of requests: ``IdentityMiddleware`` sets the labels for the request's task and
/// ``RequestLabelledAuditLog`` adds them to every event recorded within it.
enum RequestAuditLabels {
    @TaskLocal static var current: [String: String] = [:]
    /// The request's trace (`projects/P/traces/ID`), set by ``RequestTraceMiddleware``.
    @TaskLocal static var trace: String?
}
