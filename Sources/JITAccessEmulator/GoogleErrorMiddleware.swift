import Hummingbird
import JITAccessCore
import JITAccessLocal
import Logging

/// Turns what the router and Hummingbird throw (no route for the path or the method) into
/// Google's JSON error format, so that clients see one error shape.
struct GoogleErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as GoogleAPIError {
            throw error
        } catch let error as any HTTPResponseError {
            throw switch error.status {
            case .notFound, .methodNotAllowed:
                GoogleAPIError.notFound("The emulator serves no method at \(request.method) \(request.uri.path).")
            default:
                GoogleAPIError(status: error.status, canonicalCode: GoogleAPIError.canonicalCode(for: error.status), message: "\(error)")
            }
        }
    }
}
