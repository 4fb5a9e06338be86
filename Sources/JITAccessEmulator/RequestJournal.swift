import Foundation
import Hummingbird
import Synchronization

/// One request to the emulated APIs, as it arrived.
public struct EmulatorRequest: Sendable {
    /// The HTTP method, such as `POST`.
    public let method: String
    /// The path, as sent (percent-encoded).
    public let path: String
    /// The query string without the `?`, if any.
    public let query: String?
    /// The body's bytes.
    public let body: Data
}

/// Every request made to Resource Manager, Cloud Asset and IAM Credentials on the emulator, in
/// the order they arrived, so that tests can check what clients send against the discovery
/// documents (``DiscoveryDocument``). The test helpers around them (metadata, `/token`, key
/// sets, key files, fault injection) are not recorded: no discovery document describes them.
public final class RequestJournal: Sendable {
    private let recorded = Mutex<[EmulatorRequest]>([])

    /// Nothing recorded yet.
    public init() {}

    /// The requests so far.
    public var requests: [EmulatorRequest] {
        recorded.withLock { $0 }
    }

    func record(_ request: EmulatorRequest) {
        recorded.withLock { $0.append(request) }
    }
}

/// Records each request in a ``RequestJournal`` before anything else looks at it.
struct RequestRecordingMiddleware<Context: RequestContext>: RouterMiddleware {
    /// More than any emulated method accepts, so that the method itself refuses what is too large.
    static var maxRecordedBody: Int { 1024 * 1024 }

    let journal: RequestJournal

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: Self.maxRecordedBody)
        journal.record(EmulatorRequest(method: request.method.rawValue, path: request.uri.path, query: request.uri.query, body: Data(body.readableBytesView)))
        return try await next(request, context)
    }
}
