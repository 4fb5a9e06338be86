import Hummingbird
import JITAccessCore
import Logging

/// Catches every error at the edge and answers with ``HTTPFailure``: `{"message": ...}` for the
/// JSON API and health checks, an HTML error page for everything else.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = JITAccessRequestContext

    let pages: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let failure = HTTPFailure(error, logger: context.logger)
            var response = if Self.wantsJSON(request) {
                JSONResponse(ErrorMessage(message: failure.message), status: failure.status).response()
            } else {
                pages.error(failure, returnPath: request.method == .get ? ReturnPath.of(request) : nil).response(status: failure.status)
            }
            failure.addHeaders(to: &response.headers)
            return response
        }
    }

    static func wantsJSON(_ request: Request) -> Bool {
        let path = request.uri.path
        return path == "/api" || path.hasPrefix("/api/") || path.hasPrefix("/health/")
    }
}
