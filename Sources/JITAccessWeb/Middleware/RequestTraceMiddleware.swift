import HTTPTypes
import Hummingbird

/// Ties a request's audit lines to its trace in Cloud Logging, as JIT Access 1.x does: the trace id
/// of `X-Cloud-Trace-Context` (`TRACE_ID/SPAN_ID;o=1`, set by Google's front ends) or of a W3C
/// `traceparent`, written as `logging.googleapis.com/trace: projects/PROJECT/traces/TRACE_ID`.
struct RequestTraceMiddleware: RouterMiddleware {
    typealias Context = JITAccessRequestContext

    static let cloudTraceContext = HTTPField.Name("X-Cloud-Trace-Context")!
    static let traceParent = HTTPField.Name("traceparent")!
    /// The key under which a trace travels with an event's labels until the log line is written.
    static let label = "logging.googleapis.com/trace"

    /// The project the traces belong to.
    let project: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let id = Self.traceId(of: request) else { return try await next(request, context) }
        return try await RequestAuditLabels.$trace.withValue("projects/\(project)/traces/\(id)") {
            try await next(request, context)
        }
    }

    /// The 32 hex digits of the request's trace id, or nil when it carries none (or a malformed one).
    static func traceId(of request: Request) -> String? {
        if let header = request.headers[cloudTraceContext], let id = header.split(separator: "/", maxSplits: 1).first, isTraceId(id) {
            return id.lowercased()
        }
        if let header = request.headers[traceParent] {
            let parts = header.split(separator: "-")
            if parts.count == 4, isTraceId(parts[1]) { return parts[1].lowercased() }
        }
        return nil
    }

    private static func isTraceId(_ text: Substring) -> Bool {
        text.utf8.count == 32 && text.allSatisfy(\.isHexDigit) && text.contains { $0 != "0" }
    }
}
