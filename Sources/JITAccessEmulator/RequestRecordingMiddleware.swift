import Foundation
import Hummingbird
import Synchronization

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
