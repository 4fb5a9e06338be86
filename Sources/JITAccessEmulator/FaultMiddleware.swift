import Foundation
import Hummingbird
import JITAccessCore
import Synchronization

/// Answers a request with the pending fault for its method, if there is one.
struct FaultMiddleware<Context: RequestContext>: RouterMiddleware {
    let faults: EmulatedFaults

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let last = request.uri.path.split(separator: "/").last.map { String($0).removingPercentEncoding ?? String($0) } ?? ""
        if let colon = last.lastIndex(of: ":"), let fault = faults.take(for: String(last[last.index(after: colon)...])) {
            throw fault.error
        }
        return try await next(request, context)
    }
}
