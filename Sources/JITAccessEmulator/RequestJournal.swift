import Foundation
import Hummingbird
import Synchronization

/// One request to the emulated APIs as it arrived, with the emulator's answer once it is sent.
public struct EmulatorRequest: Sendable {
    /// The emulator's answer.
    public struct Answer: Sendable {
        /// The HTTP status.
        public let status: Int
        /// The body's bytes.
        public let body: Data

        /// An answer with `status` and `body`.
        public init(status: Int, body: Data) {
            self.status = status
            self.body = body
        }
    }

    /// The HTTP method, such as `POST`.
    public let method: String
    /// The path, as sent (percent-encoded).
    public let path: String
    /// The query string without the `?`, if any.
    public let query: String?
    /// The body's bytes.
    public let body: Data
    /// What the emulator answered; nil until the answer is written.
    public internal(set) var answer: Answer?

    /// A request of `method` to `path` with `query` and `body`, answered with `answer`.
    public init(method: String, path: String, query: String?, body: Data, answer: Answer? = nil) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.answer = answer
    }
}

/// Every request made to Resource Manager, Cloud Asset and IAM Credentials on the emulator and
/// its answer, in the order they arrived, so that tests can check both against the discovery
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

    /// Records `request`; returns where, for its answer.
    func record(_ request: EmulatorRequest) -> Int {
        recorded.withLock { requests in
            requests.append(request)
            return requests.count - 1
        }
    }

    func record(_ answer: EmulatorRequest.Answer, at index: Int) {
        recorded.withLock { $0[index].answer = answer }
    }
}

/// Records each request in a ``RequestJournal`` before anything else looks at it, and its
/// answer (or the Google error thrown instead) as it is written.
struct RequestRecordingMiddleware<Context: RequestContext>: RouterMiddleware {
    /// More than any emulated method accepts, so that the method itself refuses what is too large.
    static var maxRecordedBody: Int { 1024 * 1024 }

    let journal: RequestJournal

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: Self.maxRecordedBody)
        let index = journal.record(EmulatorRequest(
            method: request.method.rawValue, path: request.uri.path, query: request.uri.query, body: Data(body.readableBytesView)
        ))
        do {
            var response = try await next(request, context)
            let status = Int(response.status.code)
            response.body = response.body.map { [journal] buffer in
                journal.record(EmulatorRequest.Answer(status: status, body: Data(buffer.readableBytesView)), at: index)
                return buffer
            }
            return response
        } catch let error as GoogleAPIError {
            journal.record(EmulatorRequest.Answer(status: Int(error.status.code), body: error.body), at: index)
            throw error
        }
    }
}
